<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AccountScreen</name>
    <message>
        <location filename="../screens/account.py" line="67"/>
        <source>My account</source>
        <translation>My account</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="68"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="73"/>
        <source>Loading your account…</source>
        <translation>Loading your account…</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="76"/>
        <source>Reader %1 (%2)</source>
        <translation>Reader %1 (%2)</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="78"/>
        <source>Reader %1</source>
        <translation>Reader %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/account.py" line="81"/>
        <source>%n book(s) on loan</source>
        <translation>
            <numerusform>%n book on loan</numerusform>
            <numerusform>%n books on loan</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/account.py" line="82"/>
        <source>%n overdue</source>
        <translation>
            <numerusform>%n overdue</numerusform>
            <numerusform>%n overdue</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="85"/>
        <source>Fines owed: %1 yuan</source>
        <translation>Fines owed: %1 yuan</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="86"/>
        <location filename="../screens/account.py" line="96"/>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="87"/>
        <source>On loan</source>
        <translation>On loan</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="87"/>
        <source>No books on loan.</source>
        <translation>No books on loan.</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="90"/>
        <source>Due %1</source>
        <translation>Due %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/account.py" line="91"/>
        <source>%n renewal(s) left</source>
        <translation>
            <numerusform>%n renewal left</numerusform>
            <numerusform>%n renewals left</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="97"/>
        <source>Overdue: please return it soon.</source>
        <translation>Overdue: please return it soon.</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="101"/>
        <source>Ready to pick up here</source>
        <translation>Ready to pick up here</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="101"/>
        <source>Nothing ready here.</source>
        <translation>Nothing ready here.</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="108"/>
        <source>Compartment %1, pick up by %2</source>
        <translation>Compartment %1, pick up by %2</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="114"/>
        <source>Reserved, not here yet</source>
        <translation>Reserved, not here yet</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="114"/>
        <source>None.</source>
        <translation>None.</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="115"/>
        <source>You will get a message when it is ready.</source>
        <translation>You will get a message when it is ready.</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../screens/attract.py" line="88"/>
        <source>Open 24 hours</source>
        <translation>Open 24 hours</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="90"/>
        <source>Open %1</source>
        <translation>Open %1</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="93"/>
        <source>This terminal is out of service for maintenance. Sorry for the trouble.</source>
        <translation>This terminal is out of service for maintenance. Sorry for the trouble.</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="97"/>
        <source>Here you can borrow and return books, renew your loans, and pick up the books you reserved from the lockers.</source>
        <translation>Here you can borrow and return books, renew your loans, and pick up the books you reserved from the lockers.</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="103"/>
        <source>To start, place your library card on the card reader, or scan the QR e-card in the library app under the scanner. Picking up with a code? Enter your pick-up code.</source>
        <translation>To start, place your library card on the card reader, or scan the QR e-card in the library app under the scanner. Picking up with a code? Enter your pick-up code.</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="110"/>
        <source>Enter pick-up code</source>
        <translation>Enter pick-up code</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="111"/>
        <source>Return books (no card needed)</source>
        <translation>Return books (no card needed)</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="112"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="115"/>
        <source>Help: call %1</source>
        <translation>Help: call %1</translation>
    </message>
</context>
<context>
    <name>BorrowScreen</name>
    <message>
        <location filename="../screens/items.py" line="191"/>
        <source>Borrow</source>
        <translation>Borrow</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="193"/>
        <source>Put the books on the pad. Each book appears here as it is read.</source>
        <translation>Put the books on the pad. Each book appears here as it is read.</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="195"/>
        <source>Ready to borrow</source>
        <translation>Ready to borrow</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/items.py" line="197"/>
        <source>Borrow %n book(s)</source>
        <translation>
            <numerusform>Borrow %n book</numerusform>
            <numerusform>Borrow %n books</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="199"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ChoiceDialog</name>
    <message>
        <location filename="../overlays.py" line="181"/>
        <source>Are you still there? Logging out in %1 s</source>
        <translation>Are you still there? Logging out in %1 s</translation>
    </message>
</context>
<context>
    <name>CodeEntryScreen</name>
    <message>
        <location filename="../screens/login.py" line="105"/>
        <source>Pick up reserved books</source>
        <translation>Pick up reserved books</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="106"/>
        <source>Enter the 6-digit pick-up code from your text message.</source>
        <translation>Enter the 6-digit pick-up code from your text message.</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="114"/>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="115"/>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="116"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>Identification</name>
    <message>
        <location filename="../identification.py" line="109"/>
        <source>Keep your card on the reader until you hear the tone.</source>
        <translation>Keep your card on the reader until you hear the tone.</translation>
    </message>
    <message>
        <location filename="../identification.py" line="114"/>
        <source>The code could not be read. Hold it flat under the scanner and scan again.</source>
        <translation>The code could not be read. Hold it flat under the scanner and scan again.</translation>
    </message>
    <message>
        <location filename="../identification.py" line="123"/>
        <source>The card reader is not working: log in with the QR e-card or a pick-up code.</source>
        <translation>The card reader is not working: log in with the QR e-card or a pick-up code.</translation>
    </message>
    <message>
        <location filename="../identification.py" line="127"/>
        <source>The QR scanner is not working: log in with your card.</source>
        <translation>The QR scanner is not working: log in with your card.</translation>
    </message>
    <message>
        <location filename="../identification.py" line="192"/>
        <source>Sorry</source>
        <translation>Sorry</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <location filename="../overlays.py" line="79"/>
        <source>Are you still there? For your privacy, this visit will end.</source>
        <translation>Are you still there? For your privacy, this visit will end.</translation>
    </message>
    <message>
        <location filename="../overlays.py" line="80"/>
        <source>Logging out in %1 s</source>
        <translation>Logging out in %1 s</translation>
    </message>
    <message>
        <location filename="../overlays.py" line="81"/>
        <source>I&apos;m still here</source>
        <translation>I&apos;m still here</translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <location filename="../jobs.py" line="60"/>
        <source>One moment, please…</source>
        <translation>One moment, please…</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../window.py" line="345"/>
        <source>Large text</source>
        <translation>Large text</translation>
    </message>
    <message>
        <location filename="../window.py" line="346"/>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <location filename="../window.py" line="421"/>
        <source>Offline: the central library cannot be reached</source>
        <translation>Offline: the central library cannot be reached</translation>
    </message>
</context>
<context>
    <name>LoansScreen</name>
    <message>
        <location filename="../screens/loans.py" line="95"/>
        <source>Renew selected (%1)</source>
        <translation>Renew selected (%1)</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="102"/>
        <source>My loans</source>
        <translation>My loans</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="105"/>
        <source>Loading your loans…</source>
        <translation>Loading your loans…</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="107"/>
        <source>You have no books on loan.</source>
        <translation>You have no books on loan.</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="109"/>
        <source>Touch books to select them for renewal.</source>
        <translation>Touch books to select them for renewal.</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="118"/>
        <source>Renew all</source>
        <translation>Renew all</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="119"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="127"/>
        <source>Overdue since %1</source>
        <translation>Overdue since %1</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="129"/>
        <source>Due %1</source>
        <translation>Due %1</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="140"/>
        <source>Renewed: now due %1</source>
        <translation>Renewed: now due %1</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="152"/>
        <source>You can renew it from %1.</source>
        <translation>You can renew it from %1.</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <location filename="../screens/menu.py" line="57"/>
        <source>Welcome, reader %1</source>
        <translation>Welcome, reader %1</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="64"/>
        <source>The network is down. You can still borrow up to %1 books now, due in %2 days; renewals wait until the network is back.</source>
        <translation>The network is down. You can still borrow up to %1 books now, due in %2 days; renewals wait until the network is back.</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="72"/>
        <source>A new card was read, so the previous reader has been logged out.</source>
        <translation>A new card was read, so the previous reader has been logged out.</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/menu.py" line="76"/>
        <source>You have %n book(s) on loan.</source>
        <translation>
            <numerusform>You have %n book on loan.</numerusform>
            <numerusform>You have %n books on loan.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="78"/>
        <source>Borrow</source>
        <translation>Borrow</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="79"/>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="80"/>
        <source>My loans and renewals</source>
        <translation>My loans and renewals</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="82"/>
        <source>Pick up reserved books (%1 ready)</source>
        <translation>Pick up reserved books (%1 ready)</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="84"/>
        <source>Pick up reserved books</source>
        <translation>Pick up reserved books</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="86"/>
        <source>My account</source>
        <translation>My account</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="87"/>
        <source>Finish and log out</source>
        <translation>Finish and log out</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <location filename="../screens/login.py" line="168"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="176"/>
        <source>Sorry</source>
        <translation>Sorry</translation>
    </message>
</context>
<context>
    <name>PadScreen</name>
    <message>
        <location filename="../screens/items.py" line="143"/>
        <source>Unknown item</source>
        <translation>Unknown item</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="148"/>
        <source>The book reader is not responding. Please wait a moment; if it does not come back, ask staff for help. You can still pick up reserved books.</source>
        <translation>The book reader is not responding. Please wait a moment; if it does not come back, ask staff for help. You can still pick up reserved books.</translation>
    </message>
</context>
<context>
    <name>PickupScreen</name>
    <message>
        <location filename="../screens/pickup.py" line="55"/>
        <source>Pick up reserved books</source>
        <translation>Pick up reserved books</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="57"/>
        <source>Looking for your reserved books…</source>
        <translation>Looking for your reserved books…</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="59"/>
        <source>There are no reserved books waiting for you here.</source>
        <translation>There are no reserved books waiting for you here.</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="61"/>
        <source>Touch the button and the doors with your books will open.</source>
        <translation>Touch the button and the doors with your books will open.</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="66"/>
        <source>%1 — compartment %2</source>
        <translation>%1 — compartment %2</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="70"/>
        <source>Open my doors</source>
        <translation>Open my doors</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="72"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>PinEntryScreen</name>
    <message>
        <location filename="../screens/pin.py" line="88"/>
        <source>Enter your PIN</source>
        <translation>Enter your PIN</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="91"/>
        <source>A new card was read, so the previous reader has been logged out.</source>
        <translation>A new card was read, so the previous reader has been logged out.</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="94"/>
        <source>This library asks for your card&apos;s PIN before you borrow. Cover the keys.</source>
        <translation>This library asks for your card&apos;s PIN before you borrow. Cover the keys.</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="103"/>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="104"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="105"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../screens/result.py" line="72"/>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="73"/>
        <source>Do something else</source>
        <translation>Do something else</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="78"/>
        <source>A new card was read: this visit ends in a moment, for the next reader.</source>
        <translation>A new card was read: this visit ends in a moment, for the next reader.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="87"/>
        <source>Borrowing done</source>
        <translation>Borrowing done</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="88"/>
        <source>%1 of %2 books borrowed.</source>
        <translation>%1 of %2 books borrowed.</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/result.py" line="90"/>
        <source>%n book(s) not borrowed: see why below.</source>
        <translation>
            <numerusform>%n book not borrowed: see why below.</numerusform>
            <numerusform>%n books not borrowed: see why below.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="93"/>
        <source>Return done</source>
        <translation>Return done</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="94"/>
        <source>%1 of %2 books returned. Thank you!</source>
        <translation>%1 of %2 books returned. Thank you!</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/result.py" line="96"/>
        <source>%n book(s) not returned: see why below.</source>
        <translation>
            <numerusform>%n book not returned: see why below.</numerusform>
            <numerusform>%n books not returned: see why below.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="99"/>
        <source>Return into a locker</source>
        <translation>Return into a locker</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="107"/>
        <source>Your doors are open</source>
        <translation>Your doors are open</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="107"/>
        <source>The doors did not open</source>
        <translation>The doors did not open</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="110"/>
        <source>Take your books from door %1, then close it.</source>
        <translation>Take your books from door %1, then close it.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="112"/>
        <source>No door could be opened.</source>
        <translation>No door could be opened.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="119"/>
        <source>No book could be returned, so no compartment was opened.</source>
        <translation>No book could be returned, so no compartment was opened.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="121"/>
        <source>Compartment %1 is closed. Thank you!</source>
        <translation>Compartment %1 is closed. Thank you!</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="124"/>
        <source>Put the books into compartment %1 and close the door.</source>
        <translation>Put the books into compartment %1 and close the door.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="129"/>
        <source>Only the books marked &apos;Returned&apos; go in; please keep the others.</source>
        <translation>Only the books marked &apos;Returned&apos; go in; please keep the others.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="136"/>
        <source>Unknown item</source>
        <translation>Unknown item</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="141"/>
        <source>In door %1 — due %2</source>
        <translation>In door %1 — due %2</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="144"/>
        <source>Borrowed — due %1</source>
        <translation>Borrowed — due %1</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="146"/>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="154"/>
        <source>The security label may not be switched off: if the gate sounds, show the book to staff. It is recorded as yours.</source>
        <translation>The security label may not be switched off: if the gate sounds, show the book to staff. It is recorded as yours.</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <location filename="../screens/items.py" line="252"/>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="253"/>
        <source>Put the books you are returning on the pad.</source>
        <translation>Put the books you are returning on the pad.</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="256"/>
        <source>On loan: will be returned</source>
        <translation>On loan: will be returned</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="258"/>
        <source>Not on loan: will be checked in</source>
        <translation>Not on loan: will be checked in</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/items.py" line="262"/>
        <source>Return %n book(s)</source>
        <translation>
            <numerusform>Return %n book</numerusform>
            <numerusform>Return %n books</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="264"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/items.py" line="266"/>
        <source>Return %n book(s) into a locker</source>
        <translation>
            <numerusform>Return %n book into a locker</numerusform>
            <numerusform>Return %n books into a locker</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="273"/>
        <source>You can still return the books here on the pad.</source>
        <translation>You can still return the books here on the pad.</translation>
    </message>
</context>
<context>
    <name>ServiceController</name>
    <message>
        <location filename="../service_mode.py" line="186"/>
        <source>%1: done.</source>
        <translation>%1: done.</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="195"/>
        <source>%1: not done. %2</source>
        <translation>%1: not done. %2</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="207"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="319"/>
        <source>Test page printed: take it from the printer.</source>
        <translation>Test page printed: take it from the printer.</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="357"/>
        <source>Door %1 is open. Close it when you are done.</source>
        <translation>Door %1 is open. Close it when you are done.</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="393"/>
        <source>Put into %1. Pick-up code for the reader: %2</source>
        <translation>Put into %1. Pick-up code for the reader: %2</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="395"/>
        <source>(same as before)</source>
        <translation>(same as before)</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="411"/>
        <source>%1 holds expired: take them out (Holds).</source>
        <translation>%1 holds expired: take them out (Holds).</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="413"/>
        <source>No hold has expired.</source>
        <translation>No hold has expired.</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="503"/>
        <source>Sync started: %1 events waiting. The count below goes down as the library confirms them.</source>
        <translation>Sync started: %1 events waiting. The count below goes down as the library confirms them.</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="518"/>
        <source>Quit the kiosk program? Residents cannot use this terminal until it is started again.</source>
        <translation>Quit the kiosk program? Residents cannot use this terminal until it is started again.</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="521"/>
        <source>Keep running</source>
        <translation>Keep running</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="521"/>
        <source>Quit</source>
        <translation>Quit</translation>
    </message>
</context>
<context>
    <name>ServiceLoginScreen</name>
    <message>
        <location filename="../screens/service_login.py" line="59"/>
        <source>Service mode</source>
        <translation>Service mode</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="60"/>
        <source>Enter the service PIN or present a staff card.</source>
        <translation>Enter the service PIN or present a staff card.</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="64"/>
        <source>Simulated devices: the demo PIN is %1.</source>
        <translation>Simulated devices: the demo PIN is %1.</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="74"/>
        <source>Too many wrong PINs. Service login is locked for %1 s.</source>
        <translation>Too many wrong PINs. Service login is locked for %1 s.</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="70"/>
        <source>The service PIN has 6 to 12 digits.</source>
        <translation>The service PIN has 6 to 12 digits.</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="79"/>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>Wrong PIN. %1 tries left.</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="81"/>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="82"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ServiceScreen</name>
    <message>
        <location filename="../screens/service.py" line="233"/>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="234"/>
        <source>Holds</source>
        <translation>Holds</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="235"/>
        <source>Alarms</source>
        <translation>Alarms</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="236"/>
        <source>Compartments</source>
        <translation>Compartments</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="237"/>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="238"/>
        <source>Transactions</source>
        <translation>Transactions</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="244"/>
        <source>Alarms (%1)</source>
        <translation>Alarms (%1)</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="245"/>
        <source>Service mode</source>
        <translation>Service mode</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="247"/>
        <source>Leave service mode</source>
        <translation>Leave service mode</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="248"/>
        <source>Quit the kiosk program…</source>
        <translation>Quit the kiosk program…</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="276"/>
        <source>Test-open door %1</source>
        <translation>Test-open door %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="285"/>
        <source>secured</source>
        <translation>secured</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="285"/>
        <source>not secured</source>
        <translation>not secured</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="288"/>
        <source>No tags on the pad.</source>
        <translation>No tags on the pad.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="307"/>
        <source>Holds to put into a locker: touch one, the door opens, put the book in.</source>
        <translation>Holds to put into a locker: touch one, the door opens, put the book in.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="309"/>
        <source>No holds are waiting to be put into a locker.</source>
        <translation>No holds are waiting to be put into a locker.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="312"/>
        <source>Put %1 (%2) into a locker</source>
        <translation>Put %1 (%2) into a locker</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="361"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="365"/>
        <source>Raised %1</source>
        <translation>Raised %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="371"/>
        <source>Acknowledged: being dealt with</source>
        <translation>Acknowledged: being dealt with</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="372"/>
        <source>Acknowledge</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="377"/>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="396"/>
        <source>out of service: %1</source>
        <translation>out of service: %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="401"/>
        <source>%1 (size %2) — %3 — holds: %4</source>
        <translation>%1 (size %2) — %3 — holds: %4</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="407"/>
        <source>Test-open</source>
        <translation>Test-open</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="412"/>
        <source>Take out of service</source>
        <translation>Take out of service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="412"/>
        <source>Put back in service</source>
        <translation>Put back in service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="427"/>
        <source>Events waiting to be sent: %1</source>
        <translation>Events waiting to be sent: %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="431"/>
        <source>Events waiting to be sent: %1 (oldest %2 min ago)</source>
        <translation>Events waiting to be sent: %1 (oldest %2 min ago)</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="441"/>
        <source>No central library is configured ([broker] enabled = false): events stay on this terminal and nothing is sent.</source>
        <translation>No central library is configured ([broker] enabled = false): events stay on this terminal and nothing is sent.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="446"/>
        <source>Sync status unavailable.</source>
        <translation>Sync status unavailable.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="449"/>
        <source>Broker: not connected (working offline)</source>
        <translation>Broker: not connected (working offline)</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="451"/>
        <source>Broker: connected; central library: offline</source>
        <translation>Broker: connected; central library: offline</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="453"/>
        <source>Broker: connected; central library: online</source>
        <translation>Broker: connected; central library: online</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="455"/>
        <source>Last confirmed by the library: %1</source>
        <translation>Last confirmed by the library: %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="457"/>
        <source>Nothing confirmed by the library since the start.</source>
        <translation>Nothing confirmed by the library since the start.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="261"/>
        <location filename="../screens/service.py" line="292"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="265"/>
        <source>Reader inventory</source>
        <translation>Reader inventory</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="266"/>
        <source>Printer test page</source>
        <translation>Printer test page</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="267"/>
        <source>Lock-board status</source>
        <translation>Lock-board status</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="269"/>
        <source>Card test: last card read %1</source>
        <translation>Card test: last card read %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="271"/>
        <source>Card test: present a card to the reader</source>
        <translation>Card test: present a card to the reader</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="316"/>
        <source>Take out expired %1 from %2</source>
        <translation>Take out expired %1 from %2</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="325"/>
        <source>Door %1 is open: put item %2 in, close the door, then touch Done.</source>
        <translation>Door %1 is open: put item %2 in, close the door, then touch Done.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="330"/>
        <source>Done, door closed</source>
        <translation>Done, door closed</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="331"/>
        <source>Check for expired holds</source>
        <translation>Check for expired holds</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="338"/>
        <source>bus %1, board %2, lock %3</source>
        <translation>bus %1, board %2, lock %3</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="341"/>
        <source>hold %1</source>
        <translation>hold %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="343"/>
        <source>item %1</source>
        <translation>item %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="345"/>
        <source>%1 events waiting</source>
        <translation>%1 events waiting</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="347"/>
        <source>%1 wrong tries</source>
        <translation>%1 wrong tries</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="357"/>
        <source>No active alarms.</source>
        <translation>No active alarms.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="386"/>
        <source>Put the terminal back in service</source>
        <translation>Put the terminal back in service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="388"/>
        <source>Take the terminal out of service</source>
        <translation>Take the terminal out of service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="393"/>
        <source>in service</source>
        <translation>in service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="460"/>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="466"/>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="467"/>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="468"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="469"/>
        <source>Compartment / device</source>
        <translation>Compartment / device</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="470"/>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="471"/>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>ServiceWords</name>
    <message>
        <location filename="../screens/service_words.py" line="23"/>
        <source>RFID pad</source>
        <translation>RFID pad</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="24"/>
        <location filename="../screens/service_words.py" line="143"/>
        <source>Receipt printer</source>
        <translation>Receipt printer</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="25"/>
        <source>Card reader</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="26"/>
        <source>QR scanner</source>
        <translation>QR scanner</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="27"/>
        <source>Lock boards</source>
        <translation>Lock boards</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="28"/>
        <source>Storage</source>
        <translation>Storage</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="29"/>
        <source>Sync queue</source>
        <translation>Sync queue</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="30"/>
        <source>Keypad</source>
        <translation>Keypad</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="31"/>
        <source>Service PIN</source>
        <translation>Service PIN</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="38"/>
        <source>working</source>
        <translation>working</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="39"/>
        <source>paper low: change the roll soon</source>
        <translation>paper low: change the roll soon</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="40"/>
        <source>paper out: change the roll</source>
        <translation>paper out: change the roll</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="41"/>
        <source>cover open: close the cover</source>
        <translation>cover open: close the cover</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="42"/>
        <source>printer error: check the printer</source>
        <translation>printer error: check the printer</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="43"/>
        <location filename="../screens/service_words.py" line="46"/>
        <source>not answering: check cable and power</source>
        <translation>not answering: check cable and power</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="44"/>
        <source>no reader: check cable and power</source>
        <translation>no reader: check cable and power</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="45"/>
        <source>reader error: check cable and power</source>
        <translation>reader error: check cable and power</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="47"/>
        <source>device error</source>
        <translation>device error</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="53"/>
        <source>Door left open</source>
        <translation>Door left open</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="54"/>
        <source>Door opened by force</source>
        <translation>Door opened by force</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="55"/>
        <source>Lock did not release</source>
        <translation>Lock did not release</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="56"/>
        <source>Lock did not open</source>
        <translation>Lock did not open</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="57"/>
        <source>Lock board not answering</source>
        <translation>Lock board not answering</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="58"/>
        <location filename="../screens/service_words.py" line="121"/>
        <source>Compartment out of service</source>
        <translation>Compartment out of service</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="59"/>
        <source>Door not closed</source>
        <translation>Door not closed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="60"/>
        <source>Check the compartment: a load was undone</source>
        <translation>Check the compartment: a load was undone</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="61"/>
        <source>Pick-up not confirmed by a sensor</source>
        <translation>Pick-up not confirmed by a sensor</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="62"/>
        <source>Book security state unknown</source>
        <translation>Book security state unknown</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="63"/>
        <source>Pick-up codes being guessed</source>
        <translation>Pick-up codes being guessed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="64"/>
        <source>Service PIN being guessed</source>
        <translation>Service PIN being guessed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="65"/>
        <source>Device not found at start-up</source>
        <translation>Device not found at start-up</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="66"/>
        <source>Storage full</source>
        <translation>Storage full</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="67"/>
        <source>Events not delivered to the library</source>
        <translation>Events not delivered to the library</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="68"/>
        <source>Printer paper low</source>
        <translation>Printer paper low</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="69"/>
        <source>Printer paper out</source>
        <translation>Printer paper out</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="70"/>
        <source>Printer not answering</source>
        <translation>Printer not answering</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="80"/>
        <source>taken out by staff</source>
        <translation>taken out by staff</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="81"/>
        <source>returned books inside: empty it</source>
        <translation>returned books inside: empty it</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="88"/>
        <source>door closed</source>
        <translation>door closed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="88"/>
        <source>door open</source>
        <translation>door open</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="91"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="91"/>
        <source>item inside</source>
        <translation>item inside</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="91"/>
        <source>empty</source>
        <translation>empty</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="95"/>
        <source>Borrow</source>
        <translation>Borrow</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="96"/>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="97"/>
        <source>Renew</source>
        <translation>Renew</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="98"/>
        <source>Pick-up</source>
        <translation>Pick-up</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="99"/>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="100"/>
        <source>Logout</source>
        <translation>Logout</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="101"/>
        <source>Hold put in a locker</source>
        <translation>Hold put in a locker</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="102"/>
        <source>Hold taken out</source>
        <translation>Hold taken out</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="103"/>
        <source>Hold expired</source>
        <translation>Hold expired</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="104"/>
        <source>Door opened</source>
        <translation>Door opened</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="105"/>
        <source>Terminal in service</source>
        <translation>Terminal in service</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="106"/>
        <location filename="../screens/service_words.py" line="123"/>
        <source>Terminal out of service</source>
        <translation>Terminal out of service</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="107"/>
        <source>Service login</source>
        <translation>Service login</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="108"/>
        <source>Service logout</source>
        <translation>Service logout</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="109"/>
        <source>Card test</source>
        <translation>Card test</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="110"/>
        <source>Reader inventory</source>
        <translation>Reader inventory</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="111"/>
        <source>Printer test page</source>
        <translation>Printer test page</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="112"/>
        <source>Lock-board status</source>
        <translation>Lock-board status</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="113"/>
        <source>Test-open a door</source>
        <translation>Test-open a door</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="114"/>
        <source>Open a door to put a hold in</source>
        <translation>Open a door to put a hold in</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="115"/>
        <source>Hold put in, door closed</source>
        <translation>Hold put in, door closed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="116"/>
        <source>Check for expired holds</source>
        <translation>Check for expired holds</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="117"/>
        <source>Take out an expired hold</source>
        <translation>Take out an expired hold</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="118"/>
        <source>Clear an alarm</source>
        <translation>Clear an alarm</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="119"/>
        <source>Acknowledge an alarm</source>
        <translation>Acknowledge an alarm</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="120"/>
        <source>Compartment back in service</source>
        <translation>Compartment back in service</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="122"/>
        <source>Terminal back in service</source>
        <translation>Terminal back in service</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="124"/>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="125"/>
        <source>Quit the kiosk program</source>
        <translation>Quit the kiosk program</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="133"/>
        <source>Reader %1</source>
        <translation>Reader %1</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="135"/>
        <source>Staff (PIN)</source>
        <translation>Staff (PIN)</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="137"/>
        <source>Staff (card …%1)</source>
        <translation>Staff (card …%1)</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="139"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="140"/>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="141"/>
        <source>Central library</source>
        <translation>Central library</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="142"/>
        <source>Anonymous</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="149"/>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="150"/>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="151"/>
        <source>refused</source>
        <translation>refused</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="152"/>
        <source>locked out</source>
        <translation>locked out</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="153"/>
        <source>undone</source>
        <translation>undone</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="154"/>
        <source>completed</source>
        <translation>completed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="155"/>
        <source>already done</source>
        <translation>already done</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="156"/>
        <source>was not on loan</source>
        <translation>was not on loan</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="157"/>
        <source>logged out</source>
        <translation>logged out</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="158"/>
        <source>timed out</source>
        <translation>timed out</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="165"/>
        <source>The door is still open: close it, then try again.</source>
        <translation>The door is still open: close it, then try again.</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="167"/>
        <location filename="../screens/service_words.py" line="170"/>
        <source>The lock did not release: check the lock and its cable, then test-open again.</source>
        <translation>The lock did not release: check the lock and its cable, then test-open again.</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="173"/>
        <source>The lock board does not answer: check its cable and power.</source>
        <translation>The lock board does not answer: check its cable and power.</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="176"/>
        <source>The compartment is out of service: put it back in service first.</source>
        <translation>The compartment is out of service: put it back in service first.</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="178"/>
        <source>The printer has no paper: change the roll.</source>
        <translation>The printer has no paper: change the roll.</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="179"/>
        <source>The printer does not answer: check cable and power.</source>
        <translation>The printer does not answer: check cable and power.</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="180"/>
        <source>The reader does not answer: check cable and power.</source>
        <translation>The reader does not answer: check cable and power.</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <location filename="../session.py" line="201"/>
        <location filename="../session.py" line="370"/>
        <source>Sorry</source>
        <translation>Sorry</translation>
    </message>
    <message>
        <location filename="../session.py" line="217"/>
        <source>Your credit level is %1; borrowing on credit here needs %2 or more.</source>
        <translation>Your credit level is %1; borrowing on credit here needs %2 or more.</translation>
    </message>
    <message>
        <location filename="../session.py" line="223"/>
        <source>This card was reported lost. If you found it, bring it to a service desk.</source>
        <translation>This card was reported lost. If you found it, bring it to a service desk.</translation>
    </message>
    <message>
        <location filename="../session.py" line="226"/>
        <source>Some of your loans are long overdue: returning them lifts the block.</source>
        <translation>Some of your loans are long overdue: returning them lifts the block.</translation>
    </message>
    <message>
        <location filename="../session.py" line="371"/>
        <source>Something went wrong. Nothing you did was lost.</source>
        <translation>Something went wrong. Nothing you did was lost.</translation>
    </message>
    <message>
        <location filename="../session.py" line="372"/>
        <source>Please try again, or ask staff for help.</source>
        <translation>Please try again, or ask staff for help.</translation>
    </message>
    <message>
        <location filename="../session.py" line="378"/>
        <source>Receipt not printed</source>
        <translation>Receipt not printed</translation>
    </message>
    <message>
        <location filename="../session.py" line="379"/>
        <source>The receipt printer is not working right now.</source>
        <translation>The receipt printer is not working right now.</translation>
    </message>
    <message>
        <location filename="../session.py" line="381"/>
        <source>Everything you did is recorded: you can see your loans and due dates in the library app or on &apos;My loans&apos;.</source>
        <translation>Everything you did is recorded: you can see your loans and due dates in the library app or on &apos;My loans&apos;.</translation>
    </message>
</context>
<context>
    <name>TransactionController</name>
    <message>
        <location filename="../transactions.py" line="216"/>
        <source>Borrowing… please leave the books on the pad.</source>
        <translation>Borrowing… please leave the books on the pad.</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="227"/>
        <location filename="../transactions.py" line="255"/>
        <source>Returning… please leave the books on the pad.</source>
        <translation>Returning… please leave the books on the pad.</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="268"/>
        <source>The compartment did not open</source>
        <translation>The compartment did not open</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="270"/>
        <source>Your books are returned, but the locker door did not open. Staff have been told.</source>
        <translation>Your books are returned, but the locker door did not open. Staff have been told.</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="273"/>
        <source>Please put the books on the returns shelf or give them to staff.</source>
        <translation>Please put the books on the returns shelf or give them to staff.</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="287"/>
        <source>Opening your doors…</source>
        <translation>Opening your doors…</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="304"/>
        <source>Renewing…</source>
        <translation>Renewing…</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="328"/>
        <source>Would you like a printed receipt?</source>
        <translation>Would you like a printed receipt?</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="329"/>
        <source>Print receipt</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="329"/>
        <source>No receipt</source>
        <translation>No receipt</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="354"/>
        <source>Printing your receipt…</source>
        <translation>Printing your receipt…</translation>
    </message>
</context>
</TS>
