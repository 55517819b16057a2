<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
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
        <location filename="../screens/items.py" line="174"/>
        <source>Borrow</source>
        <translation>Borrow</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="176"/>
        <source>Put the books on the pad. Each book appears here as it is read.</source>
        <translation>Put the books on the pad. Each book appears here as it is read.</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="178"/>
        <source>Ready to borrow</source>
        <translation>Ready to borrow</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/items.py" line="180"/>
        <source>Borrow %n book(s)</source>
        <translation>
            <numerusform>Borrow %n book</numerusform>
            <numerusform>Borrow %n books</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="182"/>
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
        <location filename="../identification.py" line="180"/>
        <source>Sorry</source>
        <translation>Sorry</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <source>Are you still there? For your privacy you will be logged out in</source>
        <translation type="vanished">Are you still there? For your privacy you will be logged out in</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="vanished">%1 s</translation>
    </message>
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
        <location filename="../jobs.py" line="57"/>
        <source>One moment, please…</source>
        <translation>One moment, please…</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../window.py" line="336"/>
        <source>Large text</source>
        <translation>Large text</translation>
    </message>
    <message>
        <location filename="../window.py" line="337"/>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <location filename="../window.py" line="412"/>
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
        <location filename="../screens/menu.py" line="52"/>
        <source>Welcome, reader %1</source>
        <translation>Welcome, reader %1</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="59"/>
        <source>The network is down. You can still borrow up to %1 books now, due in %2 days; renewals wait until the network is back.</source>
        <translation>The network is down. You can still borrow up to %1 books now, due in %2 days; renewals wait until the network is back.</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="67"/>
        <source>A new card was read, so the previous reader has been logged out.</source>
        <translation>A new card was read, so the previous reader has been logged out.</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/menu.py" line="71"/>
        <source>You have %n book(s) on loan.</source>
        <translation>
            <numerusform>You have %n book on loan.</numerusform>
            <numerusform>You have %n books on loan.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="73"/>
        <source>Borrow</source>
        <translation>Borrow</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="74"/>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="75"/>
        <source>My loans and renewals</source>
        <translation>My loans and renewals</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="77"/>
        <source>Pick up reserved books (%1 ready)</source>
        <translation>Pick up reserved books (%1 ready)</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="79"/>
        <source>Pick up reserved books</source>
        <translation>Pick up reserved books</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="81"/>
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
        <location filename="../screens/items.py" line="126"/>
        <source>Unknown item</source>
        <translation>Unknown item</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="131"/>
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
    <name>ResultScreen</name>
    <message>
        <location filename="../screens/result.py" line="69"/>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="70"/>
        <source>Do something else</source>
        <translation>Do something else</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="80"/>
        <source>Borrowing done</source>
        <translation>Borrowing done</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="81"/>
        <source>%1 of %2 books borrowed.</source>
        <translation>%1 of %2 books borrowed.</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/result.py" line="83"/>
        <source>%n book(s) not borrowed: see why below.</source>
        <translation>
            <numerusform>%n book not borrowed: see why below.</numerusform>
            <numerusform>%n books not borrowed: see why below.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="86"/>
        <source>Return done</source>
        <translation>Return done</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="87"/>
        <source>%1 of %2 books returned. Thank you!</source>
        <translation>%1 of %2 books returned. Thank you!</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/result.py" line="89"/>
        <source>%n book(s) not returned: see why below.</source>
        <translation>
            <numerusform>%n book not returned: see why below.</numerusform>
            <numerusform>%n books not returned: see why below.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="92"/>
        <source>Return into a locker</source>
        <translation>Return into a locker</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="100"/>
        <source>Your doors are open</source>
        <translation>Your doors are open</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="100"/>
        <source>The doors did not open</source>
        <translation>The doors did not open</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="103"/>
        <source>Take your books from door %1, then close it.</source>
        <translation>Take your books from door %1, then close it.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="105"/>
        <source>No door could be opened.</source>
        <translation>No door could be opened.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="112"/>
        <source>No book could be returned, so no compartment was opened.</source>
        <translation>No book could be returned, so no compartment was opened.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="114"/>
        <source>Compartment %1 is closed. Thank you!</source>
        <translation>Compartment %1 is closed. Thank you!</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="117"/>
        <source>Put the books into compartment %1 and close the door.</source>
        <translation>Put the books into compartment %1 and close the door.</translation>
    </message>
    <message>
        <source>Put the books into compartment %1 and close the door</source>
        <translation type="vanished">Put the books into compartment %1 and close the door</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="122"/>
        <source>Only the books marked &apos;Returned&apos; go in; please keep the others.</source>
        <translation>Only the books marked &apos;Returned&apos; go in; please keep the others.</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="129"/>
        <source>Unknown item</source>
        <translation>Unknown item</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="134"/>
        <source>In door %1 — due %2</source>
        <translation>In door %1 — due %2</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="137"/>
        <source>Borrowed — due %1</source>
        <translation>Borrowed — due %1</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="139"/>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="147"/>
        <source>The security label may not be switched off: if the gate sounds, show the book to staff. It is recorded as yours.</source>
        <translation>The security label may not be switched off: if the gate sounds, show the book to staff. It is recorded as yours.</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <location filename="../screens/items.py" line="235"/>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="236"/>
        <source>Put the books you are returning on the pad.</source>
        <translation>Put the books you are returning on the pad.</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="239"/>
        <source>On loan: will be returned</source>
        <translation>On loan: will be returned</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="241"/>
        <source>Not on loan: will be checked in</source>
        <translation>Not on loan: will be checked in</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/items.py" line="245"/>
        <source>Return %n book(s)</source>
        <translation>
            <numerusform>Return %n book</numerusform>
            <numerusform>Return %n books</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="247"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/items.py" line="249"/>
        <source>Return %n book(s) into a locker</source>
        <translation>
            <numerusform>Return %n book into a locker</numerusform>
            <numerusform>Return %n books into a locker</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="256"/>
        <source>You can still return the books here on the pad.</source>
        <translation>You can still return the books here on the pad.</translation>
    </message>
</context>
<context>
    <name>ServiceController</name>
    <message>
        <location filename="../service_mode.py" line="175"/>
        <source>%1 failed: %2</source>
        <translation>%1 failed: %2</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="246"/>
        <source>secured</source>
        <translation>secured</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="246"/>
        <source>not secured</source>
        <translation>not secured</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="249"/>
        <source>No tags on the pad.</source>
        <translation>No tags on the pad.</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="324"/>
        <source>Loaded into %1. Pick-up code for the reader: %2</source>
        <translation>Loaded into %1. Pick-up code for the reader: %2</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="326"/>
        <source>(same as before)</source>
        <translation>(same as before)</translation>
    </message>
</context>
<context>
    <name>ServiceLoginScreen</name>
    <message>
        <location filename="../screens/service.py" line="77"/>
        <source>Service mode</source>
        <translation>Service mode</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="78"/>
        <source>Enter the service PIN or present a staff card.</source>
        <translation>Enter the service PIN or present a staff card.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="82"/>
        <source>Simulated devices: the demo PIN is %1.</source>
        <translation>Simulated devices: the demo PIN is %1.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="92"/>
        <source>Too many wrong PINs. Service login is locked for %1 s.</source>
        <translation>Too many wrong PINs. Service login is locked for %1 s.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="88"/>
        <source>The service PIN has 6 to 12 digits.</source>
        <translation>The service PIN has 6 to 12 digits.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="97"/>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>Wrong PIN. %1 tries left.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="99"/>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="100"/>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ServiceScreen</name>
    <message>
        <location filename="../screens/service.py" line="251"/>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="252"/>
        <source>Holds</source>
        <translation>Holds</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="253"/>
        <source>Alarms</source>
        <translation>Alarms</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="254"/>
        <source>Compartments</source>
        <translation>Compartments</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="255"/>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="256"/>
        <source>Transactions</source>
        <translation>Transactions</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="260"/>
        <source>Service mode</source>
        <translation>Service mode</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="262"/>
        <source>Leave service mode</source>
        <translation>Leave service mode</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="263"/>
        <source>Quit the kiosk program</source>
        <translation>Quit the kiosk program</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="267"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="267"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="267"/>
        <source>fault (%1)</source>
        <translation>fault (%1)</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="271"/>
        <source>Reader inventory</source>
        <translation>Reader inventory</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="272"/>
        <source>Printer test page</source>
        <translation>Printer test page</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="273"/>
        <source>Lock-board status</source>
        <translation>Lock-board status</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="275"/>
        <source>Card test: last card read %1</source>
        <translation>Card test: last card read %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="277"/>
        <source>Card test: present a card to the reader</source>
        <translation>Card test: present a card to the reader</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="281"/>
        <source>Open %1</source>
        <translation>Open %1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="288"/>
        <source>Holds to load: touch Load, the door opens, put the book in.</source>
        <translation>Holds to load: touch Load, the door opens, put the book in.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="290"/>
        <source>No holds are waiting to be loaded.</source>
        <translation>No holds are waiting to be loaded.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="293"/>
        <source>Load %1 (%2)</source>
        <translation>Load %1 (%2)</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="297"/>
        <source>Take out expired %1 from %2</source>
        <translation>Take out expired %1 from %2</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="306"/>
        <source>Door %1 is open: put item %2 in, close the door, then touch Done.</source>
        <translation>Door %1 is open: put item %2 in, close the door, then touch Done.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="311"/>
        <source>Done, door closed</source>
        <translation>Done, door closed</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="312"/>
        <source>Check for expired holds</source>
        <translation>Check for expired holds</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="317"/>
        <source>No active alarms.</source>
        <translation>No active alarms.</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="321"/>
        <source>Clear: %1 %2 (%3)</source>
        <translation>Clear: %1 %2 (%3)</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="332"/>
        <source>Put the terminal back in service</source>
        <translation>Put the terminal back in service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="334"/>
        <source>Take the terminal out of service</source>
        <translation>Take the terminal out of service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="339"/>
        <source>in service</source>
        <translation>in service</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="341"/>
        <source>out of service (%1)</source>
        <translation>out of service (%1)</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="344"/>
        <source>%1 [%2] %3 — %4 holds</source>
        <translation>%1 [%2] %3 — %4 holds</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="360"/>
        <source>Queued events: %1 (oldest %2 s)</source>
        <translation>Queued events: %1 (oldest %2 s)</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="364"/>
        <source>Central library: reachable</source>
        <translation>Central library: reachable</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="366"/>
        <source>Central library: not reachable (working offline)</source>
        <translation>Central library: not reachable (working offline)</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="371"/>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="376"/>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="377"/>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="378"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="379"/>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="380"/>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <location filename="../session.py" line="143"/>
        <location filename="../session.py" line="259"/>
        <source>Sorry</source>
        <translation>Sorry</translation>
    </message>
    <message>
        <location filename="../session.py" line="157"/>
        <source>Your credit level is %1; borrowing on credit here needs %2 or more.</source>
        <translation>Your credit level is %1; borrowing on credit here needs %2 or more.</translation>
    </message>
    <message>
        <location filename="../session.py" line="163"/>
        <source>This card was reported lost. If you found it, bring it to a service desk.</source>
        <translation>This card was reported lost. If you found it, bring it to a service desk.</translation>
    </message>
    <message>
        <location filename="../session.py" line="166"/>
        <source>Some of your loans are long overdue: returning them lifts the block.</source>
        <translation>Some of your loans are long overdue: returning them lifts the block.</translation>
    </message>
    <message>
        <location filename="../session.py" line="260"/>
        <source>Something went wrong. Nothing you did was lost.</source>
        <translation>Something went wrong. Nothing you did was lost.</translation>
    </message>
    <message>
        <location filename="../session.py" line="261"/>
        <source>Please try again, or ask staff for help.</source>
        <translation>Please try again, or ask staff for help.</translation>
    </message>
    <message>
        <location filename="../session.py" line="267"/>
        <source>Receipt not printed</source>
        <translation>Receipt not printed</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation type="vanished">No receipt</translation>
    </message>
    <message>
        <location filename="../session.py" line="268"/>
        <source>The receipt printer is not working right now.</source>
        <translation>The receipt printer is not working right now.</translation>
    </message>
    <message>
        <location filename="../session.py" line="270"/>
        <source>Everything you did is recorded: you can see your loans and due dates in the library app or on &apos;My loans&apos;.</source>
        <translation>Everything you did is recorded: you can see your loans and due dates in the library app or on &apos;My loans&apos;.</translation>
    </message>
</context>
<context>
    <name>TransactionController</name>
    <message>
        <location filename="../transactions.py" line="207"/>
        <source>Borrowing… please leave the books on the pad.</source>
        <translation>Borrowing… please leave the books on the pad.</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="218"/>
        <location filename="../transactions.py" line="246"/>
        <source>Returning… please leave the books on the pad.</source>
        <translation>Returning… please leave the books on the pad.</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="259"/>
        <source>The compartment did not open</source>
        <translation>The compartment did not open</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="261"/>
        <source>Your books are returned, but the locker door did not open. Staff have been told.</source>
        <translation>Your books are returned, but the locker door did not open. Staff have been told.</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="264"/>
        <source>Please put the books on the returns shelf or give them to staff.</source>
        <translation>Please put the books on the returns shelf or give them to staff.</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="278"/>
        <source>Opening your doors…</source>
        <translation>Opening your doors…</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="295"/>
        <source>Renewing…</source>
        <translation>Renewing…</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="319"/>
        <source>Would you like a printed receipt?</source>
        <translation>Would you like a printed receipt?</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="320"/>
        <source>Print receipt</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="320"/>
        <source>No receipt</source>
        <translation>No receipt</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="345"/>
        <source>Printing your receipt…</source>
        <translation>Printing your receipt…</translation>
    </message>
</context>
</TS>
