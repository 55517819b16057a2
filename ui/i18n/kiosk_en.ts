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
        <location filename="../screens/attract.py" line="121"/>
        <source>Open 24 hours</source>
        <translation>Open 24 hours</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="123"/>
        <source>Open %1</source>
        <translation>Open %1</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="126"/>
        <source>This terminal is out of service for maintenance. Sorry for the trouble.</source>
        <translation>This terminal is out of service for maintenance. Sorry for the trouble.</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="130"/>
        <source>Here you can borrow and return books, renew your loans, and pick up the books you reserved from the lockers.</source>
        <translation>Here you can borrow and return books, renew your loans, and pick up the books you reserved from the lockers.</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="136"/>
        <source>To start, place your library card on the card reader, or scan the QR e-card in the library app under the scanner. Picking up with a code? Enter your pick-up code.</source>
        <translation>To start, place your library card on the card reader, or scan the QR e-card in the library app under the scanner. Picking up with a code? Enter your pick-up code.</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="144"/>
        <source>1  Library card: on the card reader</source>
        <translation>1  Library card: on the card reader</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="145"/>
        <source>2  QR e-card on your phone: under the scanner</source>
        <translation>2  QR e-card on your phone: under the scanner</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="146"/>
        <source>3  Books: on the book pad</source>
        <translation>3  Books: on the book pad</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="153"/>
        <source>Enter pick-up code</source>
        <translation>Enter pick-up code</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="154"/>
        <source>Return books (no card needed)</source>
        <translation>Return books (no card needed)</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="155"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="158"/>
        <source>Help: call %1</source>
        <translation>Help: call %1</translation>
    </message>
</context>
<context>
    <name>BorrowScreen</name>
    <message>
        <location filename="../screens/items.py" line="202"/>
        <source>Borrow</source>
        <translation>Borrow</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="204"/>
        <source>Put the books on the pad. Each book appears here as it is read.</source>
        <translation>Put the books on the pad. Each book appears here as it is read.</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="206"/>
        <source>Ready to borrow</source>
        <translation>Ready to borrow</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/items.py" line="208"/>
        <source>Borrow %n book(s)</source>
        <translation>
            <numerusform>Borrow %n book</numerusform>
            <numerusform>Borrow %n books</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="210"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ChoiceDialog</name>
    <message>
        <location filename="../overlays.py" line="186"/>
        <source>Are you still there? Logging out in %1 s</source>
        <translation>Are you still there? Logging out in %1 s</translation>
    </message>
</context>
<context>
    <name>CodeEntryScreen</name>
    <message>
        <location filename="../screens/login.py" line="115"/>
        <source>Pick up reserved books</source>
        <translation>Pick up reserved books</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="116"/>
        <source>Enter the 6-digit pick-up code from your text message.</source>
        <translation>Enter the 6-digit pick-up code from your text message.</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="124"/>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="125"/>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="126"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <location filename="../help.py" line="120"/>
        <source>Help</source>
        <translation>Help</translation>
    </message>
    <message>
        <location filename="../help.py" line="123"/>
        <source>To borrow: hold your library card to the reader or scan the e-card in the library app, then put the books on the pad. To return: just put the books on the pad. To collect a reserved book: enter the pick-up code.</source>
        <translation>To borrow: hold your library card to the reader or scan the e-card in the library app, then put the books on the pad. To return: just put the books on the pad. To collect a reserved book: enter the pick-up code.</translation>
    </message>
    <message>
        <location filename="../help.py" line="129"/>
        <source>Help line: %1</source>
        <translation>Help line: %1</translation>
    </message>
    <message>
        <location filename="../help.py" line="131"/>
        <source>Ask the library for help: this terminal has no phone.</source>
        <translation>Ask the library for help: this terminal has no phone.</translation>
    </message>
    <message>
        <location filename="../help.py" line="133"/>
        <source>Staff work here: ask at the service desk.</source>
        <translation>Staff work here: ask at the service desk.</translation>
    </message>
    <message>
        <location filename="../help.py" line="135"/>
        <source>No staff work at this site.</source>
        <translation>No staff work at this site.</translation>
    </message>
    <message>
        <location filename="../help.py" line="138"/>
        <source>Terminal %1 (tell the library this number)</source>
        <translation>Terminal %1 (tell the library this number)</translation>
    </message>
    <message>
        <location filename="../help.py" line="143"/>
        <source>The library has been told that you need help.</source>
        <translation>The library has been told that you need help.</translation>
    </message>
    <message>
        <location filename="../help.py" line="146"/>
        <source>The network is down: the library cannot be told now. Please call.</source>
        <translation>The network is down: the library cannot be told now. Please call.</translation>
    </message>
    <message>
        <location filename="../help.py" line="148"/>
        <source>Close</source>
        <translation>Close</translation>
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
        <location filename="../overlays.py" line="82"/>
        <source>Are you still there? For your privacy, this visit will end.</source>
        <translation>Are you still there? For your privacy, this visit will end.</translation>
    </message>
    <message>
        <location filename="../overlays.py" line="83"/>
        <source>Logging out in %1 s</source>
        <translation>Logging out in %1 s</translation>
    </message>
    <message>
        <location filename="../overlays.py" line="84"/>
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
        <location filename="../window.py" line="387"/>
        <source>Help</source>
        <translation>Help</translation>
    </message>
    <message>
        <location filename="../window.py" line="389"/>
        <source>Large text</source>
        <translation>Large text</translation>
    </message>
    <message>
        <location filename="../window.py" line="390"/>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <location filename="../window.py" line="391"/>
        <source>Speak</source>
        <translation>Speak</translation>
    </message>
    <message>
        <location filename="../window.py" line="468"/>
        <source>Offline: the central library cannot be reached</source>
        <translation>Offline: the central library cannot be reached</translation>
    </message>
</context>
<context>
    <name>LoansScreen</name>
    <message>
        <location filename="../screens/loans.py" line="96"/>
        <source>Renew selected (%1)</source>
        <translation>Renew selected (%1)</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="103"/>
        <source>My loans</source>
        <translation>My loans</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="106"/>
        <source>Loading your loans…</source>
        <translation>Loading your loans…</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="108"/>
        <source>You have no books on loan.</source>
        <translation>You have no books on loan.</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="110"/>
        <source>Touch books to select them for renewal.</source>
        <translation>Touch books to select them for renewal.</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="121"/>
        <source>Renew all</source>
        <translation>Renew all</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="122"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="132"/>
        <source>Overdue since %1</source>
        <translation>Overdue since %1</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="134"/>
        <source>Due %1</source>
        <translation>Due %1</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="145"/>
        <source>Renewed: now due %1</source>
        <translation>Renewed: now due %1</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="157"/>
        <source>You can renew it from %1.</source>
        <translation>You can renew it from %1.</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <location filename="../screens/menu.py" line="84"/>
        <source>Welcome, reader %1</source>
        <translation>Welcome, reader %1</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="91"/>
        <source>The network is down. You can still borrow up to %1 books now, due in %2 days; renewals wait until the network is back.</source>
        <translation>The network is down. You can still borrow up to %1 books now, due in %2 days; renewals wait until the network is back.</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="99"/>
        <source>A new card was read, so the previous reader has been logged out.</source>
        <translation>A new card was read, so the previous reader has been logged out.</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/menu.py" line="103"/>
        <source>You have %n book(s) on loan.</source>
        <translation>
            <numerusform>You have %n book on loan.</numerusform>
            <numerusform>You have %n books on loan.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="105"/>
        <source>Borrow</source>
        <translation>Borrow</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="106"/>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="107"/>
        <source>My loans and renewals</source>
        <translation>My loans and renewals</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="109"/>
        <source>Pick up reserved books (%1 ready)</source>
        <translation>Pick up reserved books (%1 ready)</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="111"/>
        <source>Pick up reserved books</source>
        <translation>Pick up reserved books</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="113"/>
        <source>My account</source>
        <translation>My account</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="114"/>
        <source>Finish and log out</source>
        <translation>Finish and log out</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <location filename="../screens/login.py" line="178"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="186"/>
        <source>Sorry</source>
        <translation>Sorry</translation>
    </message>
</context>
<context>
    <name>PadScreen</name>
    <message>
        <location filename="../screens/items.py" line="150"/>
        <source>Unknown item</source>
        <translation>Unknown item</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="159"/>
        <source>The book reader is not responding. Please wait a moment; if it does not come back, press Help. You can still pick up reserved books.</source>
        <translation>The book reader is not responding. Please wait a moment; if it does not come back, press Help. You can still pick up reserved books.</translation>
    </message>
</context>
<context>
    <name>PickupScreen</name>
    <message>
        <location filename="../screens/pickup.py" line="59"/>
        <source>Pick up reserved books</source>
        <translation>Pick up reserved books</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="61"/>
        <source>Looking for your reserved books…</source>
        <translation>Looking for your reserved books…</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="63"/>
        <source>There are no reserved books waiting for you here.</source>
        <translation>There are no reserved books waiting for you here.</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="65"/>
        <source>Touch the button and the doors with your books will open.</source>
        <translation>Touch the button and the doors with your books will open.</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="74"/>
        <source>%1 — compartment %2</source>
        <translation>%1 — compartment %2</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="80"/>
        <source>Open my doors</source>
        <translation>Open my doors</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="82"/>
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
        <location filename="../screens/result.py" line="73"/>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="74"/>
        <source>Do something else</source>
        <translation>Do something else</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="79"/>
        <source>A new card was read: this visit ends in a moment, for the next reader.</source>
        <translation>A new card was read: this visit ends in a moment, for the next reader.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="96"/>
        <source>Borrowing done</source>
        <translation>Borrowing done</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="97"/>
        <source>%1 of %2 books borrowed.</source>
        <translation>%1 of %2 books borrowed.</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/result.py" line="99"/>
        <source>%n book(s) not borrowed: see why below.</source>
        <translation>
            <numerusform>%n book not borrowed: see why below.</numerusform>
            <numerusform>%n books not borrowed: see why below.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="102"/>
        <source>Return done</source>
        <translation>Return done</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="103"/>
        <source>%1 of %2 books returned. Thank you!</source>
        <translation>%1 of %2 books returned. Thank you!</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/result.py" line="105"/>
        <source>%n book(s) not returned: see why below.</source>
        <translation>
            <numerusform>%n book not returned: see why below.</numerusform>
            <numerusform>%n books not returned: see why below.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="108"/>
        <source>Return into a locker</source>
        <translation>Return into a locker</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="116"/>
        <source>Your doors are open</source>
        <translation>Your doors are open</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="116"/>
        <source>The doors did not open</source>
        <translation>The doors did not open</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="119"/>
        <source>Take your books from door %1, then close it.</source>
        <translation>Take your books from door %1, then close it.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="121"/>
        <source>No door could be opened.</source>
        <translation>No door could be opened.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="128"/>
        <source>No book could be returned, so no compartment was opened.</source>
        <translation>No book could be returned, so no compartment was opened.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="130"/>
        <source>Compartment %1 is closed. Thank you!</source>
        <translation>Compartment %1 is closed. Thank you!</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="133"/>
        <source>Put the books into compartment %1 and close the door.</source>
        <translation>Put the books into compartment %1 and close the door.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="138"/>
        <source>Only the books marked &apos;Returned&apos; go in; please keep the others.</source>
        <translation>Only the books marked &apos;Returned&apos; go in; please keep the others.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="142"/>
        <source>Unknown item</source>
        <translation>Unknown item</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="148"/>
        <source>In door %1 — due %2</source>
        <translation>In door %1 — due %2</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="151"/>
        <source>Borrowed — due %1</source>
        <translation>Borrowed — due %1</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="153"/>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="162"/>
        <source>The security label may not be switched off: if the gate sounds, show the book to staff. It is recorded as yours.</source>
        <translation>The security label may not be switched off: if the gate sounds, show the book to staff. It is recorded as yours.</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <location filename="../screens/items.py" line="270"/>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="271"/>
        <source>Put the books you are returning on the pad.</source>
        <translation>Put the books you are returning on the pad.</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="274"/>
        <source>On loan: will be returned</source>
        <translation>On loan: will be returned</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="276"/>
        <source>Not on loan: will be checked in</source>
        <translation>Not on loan: will be checked in</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/items.py" line="280"/>
        <source>Return %n book(s)</source>
        <translation>
            <numerusform>Return %n book</numerusform>
            <numerusform>Return %n books</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="282"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/items.py" line="284"/>
        <source>Return %n book(s) into a locker</source>
        <translation>
            <numerusform>Return %n book into a locker</numerusform>
            <numerusform>Return %n books into a locker</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="291"/>
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
        <location filename="../screens/service_login.py" line="60"/>
        <source>Service mode</source>
        <translation>Service mode</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="61"/>
        <source>Enter the service PIN or present a staff card.</source>
        <translation>Enter the service PIN or present a staff card.</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="65"/>
        <source>Simulated devices: the demo PIN is %1.</source>
        <translation>Simulated devices: the demo PIN is %1.</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="71"/>
        <source>The service PIN has 6 to 12 digits.</source>
        <translation>The service PIN has 6 to 12 digits.</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="75"/>
        <source>Too many wrong PINs: service login is locked. %1</source>
        <translation>Too many wrong PINs: service login is locked. %1</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="80"/>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>Wrong PIN. %1 tries left.</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="82"/>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="83"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ServiceScreen</name>
    <message>
        <location filename="../screens/service.py" line="239"/>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="240"/>
        <source>Holds</source>
        <translation>Holds</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="241"/>
        <source>Alarms</source>
        <translation>Alarms</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="242"/>
        <source>Compartments</source>
        <translation>Compartments</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="243"/>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="244"/>
        <source>Transactions</source>
        <translation>Transactions</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="250"/>
        <source>Alarms (%1)</source>
        <translation>Alarms (%1)</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="251"/>
        <source>Service mode</source>
        <translation>Service mode</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="253"/>
        <source>Leave service mode</source>
        <translation>Leave service mode</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="254"/>
        <source>Quit the kiosk program…</source>
        <translation>Quit the kiosk program…</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="283"/>
        <source>Test-open door %1</source>
        <translation>Test-open door %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="292"/>
        <source>secured</source>
        <translation>secured</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="292"/>
        <source>not secured</source>
        <translation>not secured</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="295"/>
        <source>No tags on the pad.</source>
        <translation>No tags on the pad.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="314"/>
        <source>Holds to put into a locker: touch one, the door opens, put the book in.</source>
        <translation>Holds to put into a locker: touch one, the door opens, put the book in.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="316"/>
        <source>No holds are waiting to be put into a locker.</source>
        <translation>No holds are waiting to be put into a locker.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="319"/>
        <source>Put %1 (%2) into a locker</source>
        <translation>Put %1 (%2) into a locker</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="368"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="372"/>
        <source>Raised %1</source>
        <translation>Raised %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="378"/>
        <source>Acknowledged: being dealt with</source>
        <translation>Acknowledged: being dealt with</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="379"/>
        <source>Acknowledge</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="384"/>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="403"/>
        <source>out of service: %1</source>
        <translation>out of service: %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="408"/>
        <source>%1 (size %2) — %3 — holds: %4</source>
        <translation>%1 (size %2) — %3 — holds: %4</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="414"/>
        <source>Test-open</source>
        <translation>Test-open</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="419"/>
        <source>Take out of service</source>
        <translation>Take out of service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="419"/>
        <source>Put back in service</source>
        <translation>Put back in service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="434"/>
        <source>Events waiting to be sent: %1</source>
        <translation>Events waiting to be sent: %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="438"/>
        <source>Events waiting to be sent: %1 (oldest %2 min ago)</source>
        <translation>Events waiting to be sent: %1 (oldest %2 min ago)</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="448"/>
        <source>No central library is configured ([broker] enabled = false): events stay on this terminal and nothing is sent.</source>
        <translation>No central library is configured ([broker] enabled = false): events stay on this terminal and nothing is sent.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="453"/>
        <source>Sync status unavailable.</source>
        <translation>Sync status unavailable.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="456"/>
        <source>Broker: not connected (working offline)</source>
        <translation>Broker: not connected (working offline)</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="458"/>
        <source>Broker: connected; central library: not heard from yet</source>
        <translation>Broker: connected; central library: not heard from yet</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="460"/>
        <source>Broker: connected; central library: offline</source>
        <translation>Broker: connected; central library: offline</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="462"/>
        <source>Broker: connected; central library: online</source>
        <translation>Broker: connected; central library: online</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="464"/>
        <source>Last confirmed by the library: %1</source>
        <translation>Last confirmed by the library: %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="466"/>
        <source>Nothing confirmed by the library since the start.</source>
        <translation>Nothing confirmed by the library since the start.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="268"/>
        <location filename="../screens/service.py" line="299"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="272"/>
        <source>Reader inventory</source>
        <translation>Reader inventory</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="273"/>
        <source>Printer test page</source>
        <translation>Printer test page</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="274"/>
        <source>Lock-board status</source>
        <translation>Lock-board status</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="276"/>
        <source>Card test: last card read %1</source>
        <translation>Card test: last card read %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="278"/>
        <source>Card test: present a card to the reader</source>
        <translation>Card test: present a card to the reader</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="323"/>
        <source>Take out expired %1 from %2</source>
        <translation>Take out expired %1 from %2</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="332"/>
        <source>Door %1 is open: put item %2 in, close the door, then touch Done.</source>
        <translation>Door %1 is open: put item %2 in, close the door, then touch Done.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="337"/>
        <source>Done, door closed</source>
        <translation>Done, door closed</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="338"/>
        <source>Check for expired holds</source>
        <translation>Check for expired holds</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="345"/>
        <source>bus %1, board %2, lock %3</source>
        <translation>bus %1, board %2, lock %3</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="348"/>
        <source>hold %1</source>
        <translation>hold %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="350"/>
        <source>item %1</source>
        <translation>item %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="352"/>
        <source>%1 events waiting</source>
        <translation>%1 events waiting</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="354"/>
        <source>%1 wrong tries</source>
        <translation>%1 wrong tries</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="364"/>
        <source>No active alarms.</source>
        <translation>No active alarms.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="393"/>
        <source>Put the terminal back in service</source>
        <translation>Put the terminal back in service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="395"/>
        <source>Take the terminal out of service</source>
        <translation>Take the terminal out of service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="400"/>
        <source>in service</source>
        <translation>in service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="469"/>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="475"/>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="476"/>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="477"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="478"/>
        <source>Compartment / device</source>
        <translation>Compartment / device</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="479"/>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="480"/>
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
        <location filename="../screens/service_words.py" line="148"/>
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
        <location filename="../screens/service_words.py" line="32"/>
        <source>Resident at the screen</source>
        <translation>Resident at the screen</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="39"/>
        <source>working</source>
        <translation>working</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="40"/>
        <source>paper low: change the roll soon</source>
        <translation>paper low: change the roll soon</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="41"/>
        <source>paper out: change the roll</source>
        <translation>paper out: change the roll</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="42"/>
        <source>cover open: close the cover</source>
        <translation>cover open: close the cover</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="43"/>
        <source>printer error: check the printer</source>
        <translation>printer error: check the printer</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="44"/>
        <location filename="../screens/service_words.py" line="47"/>
        <source>not answering: check cable and power</source>
        <translation>not answering: check cable and power</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="45"/>
        <source>no reader: check cable and power</source>
        <translation>no reader: check cable and power</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="46"/>
        <source>reader error: check cable and power</source>
        <translation>reader error: check cable and power</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="48"/>
        <source>device error</source>
        <translation>device error</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="54"/>
        <source>Door left open</source>
        <translation>Door left open</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="55"/>
        <source>Door opened by force</source>
        <translation>Door opened by force</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="56"/>
        <source>Lock did not release</source>
        <translation>Lock did not release</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="57"/>
        <source>Lock did not open</source>
        <translation>Lock did not open</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="58"/>
        <source>Lock board not answering</source>
        <translation>Lock board not answering</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="59"/>
        <location filename="../screens/service_words.py" line="125"/>
        <source>Compartment out of service</source>
        <translation>Compartment out of service</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="60"/>
        <source>Door not closed</source>
        <translation>Door not closed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="61"/>
        <source>Check the compartment: a load was undone</source>
        <translation>Check the compartment: a load was undone</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="62"/>
        <source>Pick-up not confirmed by a sensor</source>
        <translation>Pick-up not confirmed by a sensor</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="63"/>
        <source>Book security state unknown</source>
        <translation>Book security state unknown</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="64"/>
        <source>Pick-up codes being guessed</source>
        <translation>Pick-up codes being guessed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="65"/>
        <source>Service PIN being guessed</source>
        <translation>Service PIN being guessed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="66"/>
        <source>A patron&apos;s PIN being guessed</source>
        <translation>A patron&apos;s PIN being guessed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="67"/>
        <source>Device not found at start-up</source>
        <translation>Device not found at start-up</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="68"/>
        <source>Storage full</source>
        <translation>Storage full</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="69"/>
        <source>Events not delivered to the library</source>
        <translation>Events not delivered to the library</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="70"/>
        <source>Printer paper low</source>
        <translation>Printer paper low</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="71"/>
        <source>Printer paper out</source>
        <translation>Printer paper out</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="72"/>
        <source>Printer not answering</source>
        <translation>Printer not answering</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="73"/>
        <source>Loan refused by the library system: see the central office</source>
        <translation>Loan refused by the library system: see the central office</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="74"/>
        <source>A resident asked for help (Help button)</source>
        <translation>A resident asked for help (Help button)</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="84"/>
        <source>taken out by staff</source>
        <translation>taken out by staff</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="85"/>
        <source>returned books inside: empty it</source>
        <translation>returned books inside: empty it</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="92"/>
        <source>door closed</source>
        <translation>door closed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="92"/>
        <source>door open</source>
        <translation>door open</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="95"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="95"/>
        <source>item inside</source>
        <translation>item inside</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="95"/>
        <source>empty</source>
        <translation>empty</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="99"/>
        <source>Borrow</source>
        <translation>Borrow</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="100"/>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="101"/>
        <source>Renew</source>
        <translation>Renew</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="102"/>
        <source>Pick-up</source>
        <translation>Pick-up</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="103"/>
        <source>Login</source>
        <translation>Login</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="104"/>
        <source>Logout</source>
        <translation>Logout</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="105"/>
        <source>Hold put in a locker</source>
        <translation>Hold put in a locker</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="106"/>
        <source>Hold taken out</source>
        <translation>Hold taken out</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="107"/>
        <source>Hold expired</source>
        <translation>Hold expired</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="108"/>
        <source>Door opened</source>
        <translation>Door opened</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="109"/>
        <source>Terminal in service</source>
        <translation>Terminal in service</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="110"/>
        <location filename="../screens/service_words.py" line="127"/>
        <source>Terminal out of service</source>
        <translation>Terminal out of service</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="111"/>
        <source>Service login</source>
        <translation>Service login</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="112"/>
        <source>Service logout</source>
        <translation>Service logout</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="113"/>
        <source>Card test</source>
        <translation>Card test</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="114"/>
        <source>Reader inventory</source>
        <translation>Reader inventory</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="115"/>
        <source>Printer test page</source>
        <translation>Printer test page</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="116"/>
        <source>Lock-board status</source>
        <translation>Lock-board status</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="117"/>
        <source>Test-open a door</source>
        <translation>Test-open a door</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="118"/>
        <source>Open a door to put a hold in</source>
        <translation>Open a door to put a hold in</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="119"/>
        <source>Hold put in, door closed</source>
        <translation>Hold put in, door closed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="120"/>
        <source>Check for expired holds</source>
        <translation>Check for expired holds</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="121"/>
        <source>Take out an expired hold</source>
        <translation>Take out an expired hold</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="122"/>
        <source>Clear an alarm</source>
        <translation>Clear an alarm</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="123"/>
        <source>Acknowledge an alarm</source>
        <translation>Acknowledge an alarm</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="124"/>
        <source>Compartment back in service</source>
        <translation>Compartment back in service</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="126"/>
        <source>Terminal back in service</source>
        <translation>Terminal back in service</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="128"/>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="129"/>
        <source>Voice volume</source>
        <translation>Voice volume</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="130"/>
        <source>Quit the kiosk program</source>
        <translation>Quit the kiosk program</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="138"/>
        <source>Reader %1</source>
        <translation>Reader %1</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="140"/>
        <source>Staff (PIN)</source>
        <translation>Staff (PIN)</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="142"/>
        <source>Staff (card …%1)</source>
        <translation>Staff (card …%1)</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="144"/>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="145"/>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="146"/>
        <source>Central library</source>
        <translation>Central library</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="147"/>
        <source>Anonymous</source>
        <translation>Anonymous</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="154"/>
        <source>done</source>
        <translation>done</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="155"/>
        <source>failed</source>
        <translation>failed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="156"/>
        <source>refused</source>
        <translation>refused</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="157"/>
        <source>locked out</source>
        <translation>locked out</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="158"/>
        <source>undone</source>
        <translation>undone</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="159"/>
        <source>completed</source>
        <translation>completed</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="160"/>
        <source>already done</source>
        <translation>already done</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="161"/>
        <source>was not on loan</source>
        <translation>was not on loan</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="162"/>
        <source>logged out</source>
        <translation>logged out</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="163"/>
        <source>timed out</source>
        <translation>timed out</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="170"/>
        <source>The door is still open: close it, then try again.</source>
        <translation>The door is still open: close it, then try again.</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="172"/>
        <location filename="../screens/service_words.py" line="175"/>
        <source>The lock did not release: check the lock and its cable, then test-open again.</source>
        <translation>The lock did not release: check the lock and its cable, then test-open again.</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="178"/>
        <source>The lock board does not answer: check its cable and power.</source>
        <translation>The lock board does not answer: check its cable and power.</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="181"/>
        <source>The compartment is out of service: put it back in service first.</source>
        <translation>The compartment is out of service: put it back in service first.</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="183"/>
        <source>The printer has no paper: change the roll.</source>
        <translation>The printer has no paper: change the roll.</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="184"/>
        <source>The printer does not answer: check cable and power.</source>
        <translation>The printer does not answer: check cable and power.</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="185"/>
        <source>The reader does not answer: check cable and power.</source>
        <translation>The reader does not answer: check cable and power.</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <location filename="../session.py" line="201"/>
        <location filename="../session.py" line="371"/>
        <source>Sorry</source>
        <translation>Sorry</translation>
    </message>
    <message>
        <location filename="../session.py" line="217"/>
        <source>Your credit level is %1; borrowing on credit here needs %2 or more.</source>
        <translation>Your credit level is %1; borrowing on credit here needs %2 or more.</translation>
    </message>
    <message>
        <location filename="../session.py" line="226"/>
        <source>Some of your loans are long overdue: returning them lifts the block.</source>
        <translation>Some of your loans are long overdue: returning them lifts the block.</translation>
    </message>
    <message>
        <location filename="../session.py" line="372"/>
        <source>Something went wrong. Nothing you did was lost.</source>
        <translation>Something went wrong. Nothing you did was lost.</translation>
    </message>
    <message>
        <location filename="../session.py" line="222"/>
        <source>This card was reported lost. If you found it: %1</source>
        <translation>This card was reported lost. If you found it: %1</translation>
    </message>
    <message>
        <location filename="../session.py" line="373"/>
        <source>Please try again, or press Help.</source>
        <translation>Please try again, or press Help.</translation>
    </message>
    <message>
        <location filename="../session.py" line="379"/>
        <source>Receipt not printed</source>
        <translation>Receipt not printed</translation>
    </message>
    <message>
        <location filename="../session.py" line="380"/>
        <source>The receipt printer is not working right now.</source>
        <translation>The receipt printer is not working right now.</translation>
    </message>
    <message>
        <location filename="../session.py" line="382"/>
        <source>Everything you did is recorded: you can see your loans and due dates in the library app or on &apos;My loans&apos;.</source>
        <translation>Everything you did is recorded: you can see your loans and due dates in the library app or on &apos;My loans&apos;.</translation>
    </message>
</context>
<context>
    <name>SpeechController</name>
    <message>
        <location filename="../speech.py" line="170"/>
        <source>This is the kiosk&apos;s voice, at volume %1.</source>
        <translation>This is the kiosk&apos;s voice, at volume %1.</translation>
    </message>
    <message>
        <location filename="../speech.py" line="244"/>
        <source>Choose what you would like to do.</source>
        <translation>Choose what you would like to do.</translation>
    </message>
</context>
<context>
    <name>Steps</name>
    <message>
        <location filename="../screens/base.py" line="154"/>
        <source>Identify</source>
        <translation>Identify</translation>
    </message>
    <message>
        <location filename="../screens/base.py" line="155"/>
        <source>Done</source>
        <translation>Done</translation>
    </message>
    <message>
        <location filename="../screens/base.py" line="156"/>
        <source>Place the books</source>
        <translation>Place the books</translation>
    </message>
    <message>
        <location filename="../screens/base.py" line="158"/>
        <source>Door opens</source>
        <translation>Door opens</translation>
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
        <source>Your books are returned, but the locker door did not open. The library has been told.</source>
        <translation>Your books are returned, but the locker door did not open. The library has been told.</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="273"/>
        <source>Please put the books on the returns shelf. For help, press Help.</source>
        <translation>Please put the books on the returns shelf. For help, press Help.</translation>
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
<context>
    <name>VoiceSettings</name>
    <message>
        <location filename="../screens/voice.py" line="51"/>
        <source>Voice volume: %1 of 100</source>
        <translation>Voice volume: %1 of 100</translation>
    </message>
    <message>
        <location filename="../screens/voice.py" line="52"/>
        <source>Quieter</source>
        <translation>Quieter</translation>
    </message>
    <message>
        <location filename="../screens/voice.py" line="53"/>
        <source>Louder</source>
        <translation>Louder</translation>
    </message>
    <message>
        <location filename="../screens/voice.py" line="54"/>
        <source>Test voice</source>
        <translation>Test voice</translation>
    </message>
</context>
</TS>
