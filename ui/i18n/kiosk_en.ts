<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AttractScreen</name>
    <message>
        <source>Open 24 hours</source>
        <translation>Open 24 hours</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>Open %1</translation>
    </message>
    <message>
        <source>This terminal is out of service for maintenance. Sorry for the trouble.</source>
        <translation>This terminal is out of service for maintenance. Sorry for the trouble.</translation>
    </message>
    <message>
        <source>Here you can borrow and return books, renew your loans, and pick up the books you reserved from the lockers.</source>
        <translation>Here you can borrow and return books, renew your loans, and pick up the books you reserved from the lockers.</translation>
    </message>
    <message>
        <source>To start, place your library card on the card reader, or scan the QR e-card in the library app under the scanner. Picking up with a code? Enter your pick-up code.</source>
        <translation>To start, place your library card on the card reader, or scan the QR e-card in the library app under the scanner. Picking up with a code? Enter your pick-up code.</translation>
    </message>
    <message>
        <source>Enter pick-up code</source>
        <translation>Enter pick-up code</translation>
    </message>
    <message>
        <source>Return books (no card needed)</source>
        <translation>Return books (no card needed)</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Staff</translation>
    </message>
    <message>
        <source>Help: call %1</source>
        <translation>Help: call %1</translation>
    </message>
</context>
<context>
    <name>BorrowScreen</name>
    <message>
        <source>Borrow</source>
        <translation>Borrow</translation>
    </message>
    <message>
        <source>Put the books on the pad. Each book appears here as it is read.</source>
        <translation>Put the books on the pad. Each book appears here as it is read.</translation>
    </message>
    <message>
        <source>Ready to borrow</source>
        <translation>Ready to borrow</translation>
    </message>
    <message numerus="yes">
        <source>Borrow %n book(s)</source>
        <translation>
            <numerusform>Borrow %n book</numerusform>
            <numerusform>Borrow %n books</numerusform>
        </translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>CodeEntryScreen</name>
    <message>
        <source>Pick up reserved books</source>
        <translation>Pick up reserved books</translation>
    </message>
    <message>
        <source>Enter the 6-digit pick-up code from your text message.</source>
        <translation>Enter the 6-digit pick-up code from your text message.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <source>Are you still there? For your privacy you will be logged out in</source>
        <translation>Are you still there? For your privacy you will be logged out in</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>I&apos;m still here</source>
        <translation>I&apos;m still here</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>Large text</source>
        <translation>Large text</translation>
    </message>
    <message>
        <source>High contrast</source>
        <translation>High contrast</translation>
    </message>
    <message>
        <source>Offline: the central library cannot be reached</source>
        <translation>Offline: the central library cannot be reached</translation>
    </message>
    <message>
        <source>Keep your card on the reader until you hear the tone.</source>
        <translation>Keep your card on the reader until you hear the tone.</translation>
    </message>
    <message>
        <source>The code could not be read. Hold it flat under the scanner and scan again.</source>
        <translation>The code could not be read. Hold it flat under the scanner and scan again.</translation>
    </message>
    <message>
        <source>The card reader is not working: log in with the QR e-card or a pick-up code.</source>
        <translation>The card reader is not working: log in with the QR e-card or a pick-up code.</translation>
    </message>
    <message>
        <source>The QR scanner is not working: log in with your card.</source>
        <translation>The QR scanner is not working: log in with your card.</translation>
    </message>
    <message>
        <source>Sorry</source>
        <translation>Sorry</translation>
    </message>
    <message>
        <source>Your credit level is %1; borrowing on credit here needs %2 or more.</source>
        <translation>Your credit level is %1; borrowing on credit here needs %2 or more.</translation>
    </message>
    <message>
        <source>This card was reported lost. If you found it, bring it to a service desk.</source>
        <translation>This card was reported lost. If you found it, bring it to a service desk.</translation>
    </message>
    <message>
        <source>Some of your loans are long overdue: returning them lifts the block.</source>
        <translation>Some of your loans are long overdue: returning them lifts the block.</translation>
    </message>
    <message>
        <source>One moment, please…</source>
        <translation>One moment, please…</translation>
    </message>
    <message>
        <source>Something went wrong. Nothing you did was lost.</source>
        <translation>Something went wrong. Nothing you did was lost.</translation>
    </message>
    <message>
        <source>Please try again, or ask staff for help.</source>
        <translation>Please try again, or ask staff for help.</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>No receipt</translation>
    </message>
    <message>
        <source>The receipt printer is not working right now.</source>
        <translation>The receipt printer is not working right now.</translation>
    </message>
    <message>
        <source>Everything you did is recorded: you can see your loans and due dates in the library app or on &apos;My loans&apos;.</source>
        <translation>Everything you did is recorded: you can see your loans and due dates in the library app or on &apos;My loans&apos;.</translation>
    </message>
    <message>
        <source>Borrowing… please leave the books on the pad.</source>
        <translation>Borrowing… please leave the books on the pad.</translation>
    </message>
    <message>
        <source>Returning… please leave the books on the pad.</source>
        <translation>Returning… please leave the books on the pad.</translation>
    </message>
    <message>
        <source>The compartment did not open</source>
        <translation>The compartment did not open</translation>
    </message>
    <message>
        <source>Your books are returned, but the locker door did not open. Staff have been told.</source>
        <translation>Your books are returned, but the locker door did not open. Staff have been told.</translation>
    </message>
    <message>
        <source>Please put the books on the returns shelf or give them to staff.</source>
        <translation>Please put the books on the returns shelf or give them to staff.</translation>
    </message>
    <message>
        <source>Opening your doors…</source>
        <translation>Opening your doors…</translation>
    </message>
    <message>
        <source>Renewing…</source>
        <translation>Renewing…</translation>
    </message>
    <message>
        <source>Would you like a printed receipt?</source>
        <translation>Would you like a printed receipt?</translation>
    </message>
    <message>
        <source>Print receipt</source>
        <translation>Print receipt</translation>
    </message>
    <message>
        <source>Printing your receipt…</source>
        <translation>Printing your receipt…</translation>
    </message>
    <message>
        <source>%1 failed: %2</source>
        <translation>%1 failed: %2</translation>
    </message>
    <message>
        <source>secured</source>
        <translation>secured</translation>
    </message>
    <message>
        <source>not secured</source>
        <translation>not secured</translation>
    </message>
    <message>
        <source>No tags on the pad.</source>
        <translation>No tags on the pad.</translation>
    </message>
    <message>
        <source>Loaded into %1. Pick-up code for the reader: %2</source>
        <translation>Loaded into %1. Pick-up code for the reader: %2</translation>
    </message>
    <message>
        <source>(same as before)</source>
        <translation>(same as before)</translation>
    </message>
</context>
<context>
    <name>LoansScreen</name>
    <message>
        <source>Renew selected (%1)</source>
        <translation>Renew selected (%1)</translation>
    </message>
    <message>
        <source>My loans</source>
        <translation>My loans</translation>
    </message>
    <message>
        <source>Loading your loans…</source>
        <translation>Loading your loans…</translation>
    </message>
    <message>
        <source>You have no books on loan.</source>
        <translation>You have no books on loan.</translation>
    </message>
    <message>
        <source>Touch books to select them for renewal.</source>
        <translation>Touch books to select them for renewal.</translation>
    </message>
    <message>
        <source>Renew all</source>
        <translation>Renew all</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Overdue since %1</source>
        <translation>Overdue since %1</translation>
    </message>
    <message>
        <source>Due %1</source>
        <translation>Due %1</translation>
    </message>
    <message>
        <source>Renewed: now due %1</source>
        <translation>Renewed: now due %1</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <source>Welcome, reader %1</source>
        <translation>Welcome, reader %1</translation>
    </message>
    <message>
        <source>The network is down. You can still borrow up to %1 books now, due in %2 days; renewals wait until the network is back.</source>
        <translation>The network is down. You can still borrow up to %1 books now, due in %2 days; renewals wait until the network is back.</translation>
    </message>
    <message numerus="yes">
        <source>You have %n book(s) on loan.</source>
        <translation>
            <numerusform>You have %n book on loan.</numerusform>
            <numerusform>You have %n books on loan.</numerusform>
        </translation>
    </message>
    <message>
        <source>Borrow</source>
        <translation>Borrow</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>My loans and renewals</source>
        <translation>My loans and renewals</translation>
    </message>
    <message>
        <source>Pick up reserved books (%1 ready)</source>
        <translation>Pick up reserved books (%1 ready)</translation>
    </message>
    <message>
        <source>Pick up reserved books</source>
        <translation>Pick up reserved books</translation>
    </message>
    <message>
        <source>Finish and log out</source>
        <translation>Finish and log out</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Sorry</source>
        <translation>Sorry</translation>
    </message>
</context>
<context>
    <name>PadScreen</name>
    <message>
        <source>Unknown item</source>
        <translation>Unknown item</translation>
    </message>
    <message>
        <source>The book reader is not responding. Please wait a moment; if it does not come back, ask staff for help. You can still pick up reserved books.</source>
        <translation>The book reader is not responding. Please wait a moment; if it does not come back, ask staff for help. You can still pick up reserved books.</translation>
    </message>
</context>
<context>
    <name>PickupScreen</name>
    <message>
        <source>Pick up reserved books</source>
        <translation>Pick up reserved books</translation>
    </message>
    <message>
        <source>Looking for your reserved books…</source>
        <translation>Looking for your reserved books…</translation>
    </message>
    <message>
        <source>There are no reserved books waiting for you here.</source>
        <translation>There are no reserved books waiting for you here.</translation>
    </message>
    <message>
        <source>Touch the button and the doors with your books will open.</source>
        <translation>Touch the button and the doors with your books will open.</translation>
    </message>
    <message>
        <source>%1 — compartment %2</source>
        <translation>%1 — compartment %2</translation>
    </message>
    <message>
        <source>Open my doors</source>
        <translation>Open my doors</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Do something else</source>
        <translation>Do something else</translation>
    </message>
    <message>
        <source>Borrowing done</source>
        <translation>Borrowing done</translation>
    </message>
    <message>
        <source>%1 of %2 books borrowed.</source>
        <translation>%1 of %2 books borrowed.</translation>
    </message>
    <message>
        <source>Return done</source>
        <translation>Return done</translation>
    </message>
    <message>
        <source>%1 of %2 books returned. Thank you!</source>
        <translation>%1 of %2 books returned. Thank you!</translation>
    </message>
    <message>
        <source>Return into a locker</source>
        <translation>Return into a locker</translation>
    </message>
    <message>
        <source>Your doors are open</source>
        <translation>Your doors are open</translation>
    </message>
    <message>
        <source>Take your books from door %1, then close it.</source>
        <translation>Take your books from door %1, then close it.</translation>
    </message>
    <message>
        <source>No door could be opened.</source>
        <translation>No door could be opened.</translation>
    </message>
    <message>
        <source>No book could be returned, so no compartment was opened.</source>
        <translation>No book could be returned, so no compartment was opened.</translation>
    </message>
    <message>
        <source>Compartment %1 is closed. Thank you!</source>
        <translation>Compartment %1 is closed. Thank you!</translation>
    </message>
    <message>
        <source>Put the books into compartment %1 and close the door</source>
        <translation>Put the books into compartment %1 and close the door</translation>
    </message>
    <message>
        <source>Only the books marked &apos;Returned&apos; go in; please keep the others.</source>
        <translation>Only the books marked &apos;Returned&apos; go in; please keep the others.</translation>
    </message>
    <message>
        <source>Unknown item</source>
        <translation>Unknown item</translation>
    </message>
    <message>
        <source>In door %1 — due %2</source>
        <translation>In door %1 — due %2</translation>
    </message>
    <message>
        <source>Borrowed — due %1</source>
        <translation>Borrowed — due %1</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>Returned</translation>
    </message>
    <message>
        <source>The security label may not be switched off: if the gate sounds, show the book to staff. It is recorded as yours.</source>
        <translation>The security label may not be switched off: if the gate sounds, show the book to staff. It is recorded as yours.</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <source>Return</source>
        <translation>Return</translation>
    </message>
    <message>
        <source>Put the books you are returning on the pad.</source>
        <translation>Put the books you are returning on the pad.</translation>
    </message>
    <message>
        <source>On loan: will be returned</source>
        <translation>On loan: will be returned</translation>
    </message>
    <message>
        <source>Not on loan: will be checked in</source>
        <translation>Not on loan: will be checked in</translation>
    </message>
    <message numerus="yes">
        <source>Return %n book(s)</source>
        <translation>
            <numerusform>Return %n book</numerusform>
            <numerusform>Return %n books</numerusform>
        </translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message numerus="yes">
        <source>Return %n book(s) into a locker</source>
        <translation>
            <numerusform>Return %n book into a locker</numerusform>
            <numerusform>Return %n books into a locker</numerusform>
        </translation>
    </message>
    <message>
        <source>You can still return the books here on the pad.</source>
        <translation>You can still return the books here on the pad.</translation>
    </message>
</context>
<context>
    <name>ServiceLoginScreen</name>
    <message>
        <source>Service mode</source>
        <translation>Service mode</translation>
    </message>
    <message>
        <source>Enter the service PIN or present a staff card.</source>
        <translation>Enter the service PIN or present a staff card.</translation>
    </message>
    <message>
        <source>Simulated devices: the demo PIN is %1.</source>
        <translation>Simulated devices: the demo PIN is %1.</translation>
    </message>
    <message>
        <source>Too many wrong PINs. Service login is locked for %1 s.</source>
        <translation>Too many wrong PINs. Service login is locked for %1 s.</translation>
    </message>
    <message>
        <source>The service PIN has 6 to 12 digits.</source>
        <translation>The service PIN has 6 to 12 digits.</translation>
    </message>
    <message>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>Wrong PIN. %1 tries left.</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ServiceScreen</name>
    <message>
        <source>Devices</source>
        <translation>Devices</translation>
    </message>
    <message>
        <source>Holds</source>
        <translation>Holds</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarms</translation>
    </message>
    <message>
        <source>Compartments</source>
        <translation>Compartments</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Transactions</source>
        <translation>Transactions</translation>
    </message>
    <message>
        <source>Service mode</source>
        <translation>Service mode</translation>
    </message>
    <message>
        <source>Leave service mode</source>
        <translation>Leave service mode</translation>
    </message>
    <message>
        <source>Quit the kiosk program</source>
        <translation>Quit the kiosk program</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>fault (%1)</source>
        <translation>fault (%1)</translation>
    </message>
    <message>
        <source>Reader inventory</source>
        <translation>Reader inventory</translation>
    </message>
    <message>
        <source>Printer test page</source>
        <translation>Printer test page</translation>
    </message>
    <message>
        <source>Lock-board status</source>
        <translation>Lock-board status</translation>
    </message>
    <message>
        <source>Card test: last card read %1</source>
        <translation>Card test: last card read %1</translation>
    </message>
    <message>
        <source>Card test: present a card to the reader</source>
        <translation>Card test: present a card to the reader</translation>
    </message>
    <message>
        <source>Open %1</source>
        <translation>Open %1</translation>
    </message>
    <message>
        <source>Holds to load: touch Load, the door opens, put the book in.</source>
        <translation>Holds to load: touch Load, the door opens, put the book in.</translation>
    </message>
    <message>
        <source>No holds are waiting to be loaded.</source>
        <translation>No holds are waiting to be loaded.</translation>
    </message>
    <message>
        <source>Load %1 (%2)</source>
        <translation>Load %1 (%2)</translation>
    </message>
    <message>
        <source>Take out expired %1 from %2</source>
        <translation>Take out expired %1 from %2</translation>
    </message>
    <message>
        <source>Door %1 is open: put item %2 in, close the door, then touch Done.</source>
        <translation>Door %1 is open: put item %2 in, close the door, then touch Done.</translation>
    </message>
    <message>
        <source>Done, door closed</source>
        <translation>Done, door closed</translation>
    </message>
    <message>
        <source>Check for expired holds</source>
        <translation>Check for expired holds</translation>
    </message>
    <message>
        <source>No active alarms.</source>
        <translation>No active alarms.</translation>
    </message>
    <message>
        <source>Clear: %1 %2 (%3)</source>
        <translation>Clear: %1 %2 (%3)</translation>
    </message>
    <message>
        <source>Put the terminal back in service</source>
        <translation>Put the terminal back in service</translation>
    </message>
    <message>
        <source>Take the terminal out of service</source>
        <translation>Take the terminal out of service</translation>
    </message>
    <message>
        <source>in service</source>
        <translation>in service</translation>
    </message>
    <message>
        <source>out of service (%1)</source>
        <translation>out of service (%1)</translation>
    </message>
    <message>
        <source>%1 [%2] %3 — %4 holds</source>
        <translation>%1 [%2] %3 — %4 holds</translation>
    </message>
    <message>
        <source>Queued events: %1 (oldest %2 s)</source>
        <translation>Queued events: %1 (oldest %2 s)</translation>
    </message>
    <message>
        <source>Central library: reachable</source>
        <translation>Central library: reachable</translation>
    </message>
    <message>
        <source>Central library: not reachable (working offline)</source>
        <translation>Central library: not reachable (working offline)</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Reason</translation>
    </message>
</context>
</TS>
