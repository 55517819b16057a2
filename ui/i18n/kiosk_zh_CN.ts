<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AccountScreen</name>
    <message>
        <location filename="../screens/account.py" line="67"/>
        <source>My account</source>
        <translation>我的账户</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="68"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="73"/>
        <source>Loading your account…</source>
        <translation>正在读取您的账户……</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="76"/>
        <source>Reader %1 (%2)</source>
        <translation>读者%1（%2）</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="78"/>
        <source>Reader %1</source>
        <translation>读者%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/account.py" line="81"/>
        <source>%n book(s) on loan</source>
        <translation>
            <numerusform>在借%n册</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/account.py" line="82"/>
        <source>%n overdue</source>
        <translation>
            <numerusform>逾期%n册</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="85"/>
        <source>Fines owed: %1 yuan</source>
        <translation>待缴罚款%1元</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="86"/>
        <location filename="../screens/account.py" line="96"/>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="87"/>
        <source>On loan</source>
        <translation>在借图书</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="87"/>
        <source>No books on loan.</source>
        <translation>没有在借图书。</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="90"/>
        <source>Due %1</source>
        <translation>应还%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/account.py" line="91"/>
        <source>%n renewal(s) left</source>
        <translation>
            <numerusform>还可续借%n次</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="97"/>
        <source>Overdue: please return it soon.</source>
        <translation>已逾期，请尽快归还。</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="101"/>
        <source>Ready to pick up here</source>
        <translation>本机可取的预约书</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="101"/>
        <source>Nothing ready here.</source>
        <translation>本机暂无可取的预约书。</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="108"/>
        <source>Compartment %1, pick up by %2</source>
        <translation>柜格%1，请在%2前取书</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="114"/>
        <source>Reserved, not here yet</source>
        <translation>已预约，尚未到达</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="114"/>
        <source>None.</source>
        <translation>无。</translation>
    </message>
    <message>
        <location filename="../screens/account.py" line="115"/>
        <source>You will get a message when it is ready.</source>
        <translation>到书后会发短信通知您。</translation>
    </message>
</context>
<context>
    <name>AttractScreen</name>
    <message>
        <location filename="../screens/attract.py" line="121"/>
        <source>Open 24 hours</source>
        <translation>24小时开放</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="123"/>
        <source>Open %1</source>
        <translation>开放时间：%1</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="126"/>
        <source>This terminal is out of service for maintenance. Sorry for the trouble.</source>
        <translation>本机正在维护，暂停服务，敬请谅解。</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="130"/>
        <source>Here you can borrow and return books, renew your loans, and pick up the books you reserved from the lockers.</source>
        <translation>在这里可以借书、还书、续借，并从预约柜领取您预约的图书。</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="136"/>
        <source>To start, place your library card on the card reader, or scan the QR e-card in the library app under the scanner. Picking up with a code? Enter your pick-up code.</source>
        <translation>开始使用：请将读者证放在读卡区，或将图书馆App中的电子读者证二维码对准扫描口。凭取书码取书？请输入取书码。</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="144"/>
        <source>1  Library card: on the card reader</source>
        <translation>①读者证：放在读卡区上</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="145"/>
        <source>2  QR e-card on your phone: under the scanner</source>
        <translation>②手机上的电子读者证二维码：对准扫描口</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="146"/>
        <source>3  Books: on the book pad</source>
        <translation>③图书：放在感应区上</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="153"/>
        <source>Enter pick-up code</source>
        <translation>输入取书码</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="154"/>
        <source>Return books (no card needed)</source>
        <translation>还书（无需刷卡）</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="155"/>
        <source>Staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../screens/attract.py" line="158"/>
        <source>Help: call %1</source>
        <translation>服务电话：%1</translation>
    </message>
</context>
<context>
    <name>BorrowScreen</name>
    <message>
        <location filename="../screens/items.py" line="202"/>
        <source>Borrow</source>
        <translation>借书</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="204"/>
        <source>Put the books on the pad. Each book appears here as it is read.</source>
        <translation>请把书放在感应区上，识别到的书会逐本显示在这里。</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="206"/>
        <source>Ready to borrow</source>
        <translation>可以借阅</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/items.py" line="208"/>
        <source>Borrow %n book(s)</source>
        <translation>
            <numerusform>借出%n本</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="210"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>ChoiceDialog</name>
    <message>
        <location filename="../overlays.py" line="186"/>
        <source>Are you still there? Logging out in %1 s</source>
        <translation>您还在吗？%1秒后自动退出。</translation>
    </message>
</context>
<context>
    <name>CodeEntryScreen</name>
    <message>
        <location filename="../screens/login.py" line="115"/>
        <source>Pick up reserved books</source>
        <translation>领取预约书</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="116"/>
        <source>Enter the 6-digit pick-up code from your text message.</source>
        <translation>请输入短信中的6位取书码。</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="124"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="125"/>
        <source>Open</source>
        <translation>开柜</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="126"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>HelpPanel</name>
    <message>
        <location filename="../help.py" line="120"/>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../help.py" line="123"/>
        <source>To borrow: hold your library card to the reader or scan the e-card in the library app, then put the books on the pad. To return: just put the books on the pad. To collect a reserved book: enter the pick-up code.</source>
        <translation>借书：把读者证放在读卡区，或扫描图书馆App中的电子读者证，再把书放在感应区上。还书：直接把书放在感应区上。取预约书：输入取书码。</translation>
    </message>
    <message>
        <location filename="../help.py" line="129"/>
        <source>Help line: %1</source>
        <translation>服务电话：%1</translation>
    </message>
    <message>
        <location filename="../help.py" line="131"/>
        <source>Ask the library for help: this terminal has no phone.</source>
        <translation>本机未设服务电话，请联系图书馆。</translation>
    </message>
    <message>
        <location filename="../help.py" line="133"/>
        <source>Staff work here: ask at the service desk.</source>
        <translation>本站有工作人员，请到服务台咨询。</translation>
    </message>
    <message>
        <location filename="../help.py" line="135"/>
        <source>No staff work at this site.</source>
        <translation>本站无工作人员值守。</translation>
    </message>
    <message>
        <location filename="../help.py" line="138"/>
        <source>Terminal %1 (tell the library this number)</source>
        <translation>终端编号：%1（求助时请告知此编号）</translation>
    </message>
    <message>
        <location filename="../help.py" line="143"/>
        <source>The library has been told that you need help.</source>
        <translation>已通知图书馆您需要帮助。</translation>
    </message>
    <message>
        <location filename="../help.py" line="146"/>
        <source>The network is down: the library cannot be told now. Please call.</source>
        <translation>网络中断，暂时无法通知图书馆，请拨打服务电话。</translation>
    </message>
    <message>
        <location filename="../help.py" line="148"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>Identification</name>
    <message>
        <location filename="../identification.py" line="109"/>
        <source>Keep your card on the reader until you hear the tone.</source>
        <translation>请把读者证放在读卡区上，稍等片刻再拿开。</translation>
    </message>
    <message>
        <location filename="../identification.py" line="114"/>
        <source>The code could not be read. Hold it flat under the scanner and scan again.</source>
        <translation>二维码没有读出来，请放平对准扫描口，再扫一次。</translation>
    </message>
    <message>
        <location filename="../identification.py" line="123"/>
        <source>The card reader is not working: log in with the QR e-card or a pick-up code.</source>
        <translation>读卡器暂时无法使用，请用电子读者证二维码或取书码登录。</translation>
    </message>
    <message>
        <location filename="../identification.py" line="127"/>
        <source>The QR scanner is not working: log in with your card.</source>
        <translation>扫码器暂时无法使用，请刷读者证登录。</translation>
    </message>
    <message>
        <location filename="../identification.py" line="192"/>
        <source>Sorry</source>
        <translation>抱歉</translation>
    </message>
</context>
<context>
    <name>IdleWarning</name>
    <message>
        <location filename="../overlays.py" line="82"/>
        <source>Are you still there? For your privacy, this visit will end.</source>
        <translation>您还在吗？为保护您的隐私，本次服务即将结束。</translation>
    </message>
    <message>
        <location filename="../overlays.py" line="83"/>
        <source>Logging out in %1 s</source>
        <translation>%1秒后自动退出</translation>
    </message>
    <message>
        <location filename="../overlays.py" line="84"/>
        <source>I&apos;m still here</source>
        <translation>我还在</translation>
    </message>
</context>
<context>
    <name>JobRunner</name>
    <message>
        <location filename="../jobs.py" line="60"/>
        <source>One moment, please…</source>
        <translation>请稍候……</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../window.py" line="387"/>
        <source>Help</source>
        <translation>帮助</translation>
    </message>
    <message>
        <location filename="../window.py" line="389"/>
        <source>Large text</source>
        <translation>大字</translation>
    </message>
    <message>
        <location filename="../window.py" line="390"/>
        <source>High contrast</source>
        <translation>高对比度</translation>
    </message>
    <message>
        <location filename="../window.py" line="391"/>
        <source>Speak</source>
        <translation>语音播报</translation>
    </message>
    <message>
        <location filename="../window.py" line="468"/>
        <source>Offline: the central library cannot be reached</source>
        <translation>离线：暂时无法连接图书馆中心系统</translation>
    </message>
</context>
<context>
    <name>LoansScreen</name>
    <message>
        <location filename="../screens/loans.py" line="96"/>
        <source>Renew selected (%1)</source>
        <translation>续借所选（%1）</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="103"/>
        <source>My loans</source>
        <translation>我的借阅</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="106"/>
        <source>Loading your loans…</source>
        <translation>正在读取您的借阅……</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="108"/>
        <source>You have no books on loan.</source>
        <translation>您目前没有借阅的图书。</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="110"/>
        <source>Touch books to select them for renewal.</source>
        <translation>点选要续借的图书。</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="121"/>
        <source>Renew all</source>
        <translation>全部续借</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="122"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="132"/>
        <source>Overdue since %1</source>
        <translation>已逾期（应还日期：%1）</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="134"/>
        <source>Due %1</source>
        <translation>应还日期：%1</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="145"/>
        <source>Renewed: now due %1</source>
        <translation>已续借，新的应还日期：%1</translation>
    </message>
    <message>
        <location filename="../screens/loans.py" line="157"/>
        <source>You can renew it from %1.</source>
        <translation>%1起可以续借。</translation>
    </message>
</context>
<context>
    <name>MenuScreen</name>
    <message>
        <location filename="../screens/menu.py" line="84"/>
        <source>Welcome, reader %1</source>
        <translation>欢迎您，读者%1</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="91"/>
        <source>The network is down. You can still borrow up to %1 books now, due in %2 days; renewals wait until the network is back.</source>
        <translation>网络暂时中断。现在仍可借最多%1本，借期%2天；续借需等网络恢复。</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="99"/>
        <source>A new card was read, so the previous reader has been logged out.</source>
        <translation>检测到新的读者证，上一位读者已退出。</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/menu.py" line="103"/>
        <source>You have %n book(s) on loan.</source>
        <translation>
            <numerusform>您当前借有%n本书。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="105"/>
        <source>Borrow</source>
        <translation>借书</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="106"/>
        <source>Return</source>
        <translation>还书</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="107"/>
        <source>My loans and renewals</source>
        <translation>我的借阅与续借</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="109"/>
        <source>Pick up reserved books (%1 ready)</source>
        <translation>领取预约书（%1本待取）</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="111"/>
        <source>Pick up reserved books</source>
        <translation>领取预约书</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="113"/>
        <source>My account</source>
        <translation>我的账户</translation>
    </message>
    <message>
        <location filename="../screens/menu.py" line="114"/>
        <source>Finish and log out</source>
        <translation>完成并退出</translation>
    </message>
</context>
<context>
    <name>MessageScreen</name>
    <message>
        <location filename="../screens/login.py" line="178"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../screens/login.py" line="186"/>
        <source>Sorry</source>
        <translation>抱歉</translation>
    </message>
</context>
<context>
    <name>PadScreen</name>
    <message>
        <location filename="../screens/items.py" line="150"/>
        <source>Unknown item</source>
        <translation>未知图书</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="159"/>
        <source>The book reader is not responding. Please wait a moment; if it does not come back, press Help. You can still pick up reserved books.</source>
        <translation>图书感应器暂无响应，请稍候；如仍不能恢复，请按“帮助”。您仍可领取预约书。</translation>
    </message>
</context>
<context>
    <name>PickupScreen</name>
    <message>
        <location filename="../screens/pickup.py" line="59"/>
        <source>Pick up reserved books</source>
        <translation>领取预约书</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="61"/>
        <source>Looking for your reserved books…</source>
        <translation>正在查找您的预约书……</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="63"/>
        <source>There are no reserved books waiting for you here.</source>
        <translation>您在本机没有待取的预约书。</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="65"/>
        <source>Touch the button and the doors with your books will open.</source>
        <translation>点击按钮，存放您图书的柜门将会打开。</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="74"/>
        <source>%1 — compartment %2</source>
        <translation>%1（%2号柜格）</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="80"/>
        <source>Open my doors</source>
        <translation>打开我的柜门</translation>
    </message>
    <message>
        <location filename="../screens/pickup.py" line="82"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>PinEntryScreen</name>
    <message>
        <location filename="../screens/pin.py" line="88"/>
        <source>Enter your PIN</source>
        <translation>请输入读者密码</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="91"/>
        <source>A new card was read, so the previous reader has been logged out.</source>
        <translation>检测到新的读者证，上一位读者已退出。</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="94"/>
        <source>This library asks for your card&apos;s PIN before you borrow. Cover the keys.</source>
        <translation>本馆借书需输入读者证密码。输入时请遮挡按键。</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="103"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="104"/>
        <source>OK</source>
        <translation>确定</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="105"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../screens/result.py" line="73"/>
        <source>Finish</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="74"/>
        <source>Do something else</source>
        <translation>继续办理其他业务</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="79"/>
        <source>A new card was read: this visit ends in a moment, for the next reader.</source>
        <translation>检测到新的读者证，本次服务即将结束，请下一位读者稍候。</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="96"/>
        <source>Borrowing done</source>
        <translation>借书完成</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="97"/>
        <source>%1 of %2 books borrowed.</source>
        <translation>共%2本，已借出%1本。</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/result.py" line="99"/>
        <source>%n book(s) not borrowed: see why below.</source>
        <translation>
            <numerusform>%n本未借出，原因见下方。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="102"/>
        <source>Return done</source>
        <translation>还书完成</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="103"/>
        <source>%1 of %2 books returned. Thank you!</source>
        <translation>共%2本，已归还%1本。谢谢！</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/result.py" line="105"/>
        <source>%n book(s) not returned: see why below.</source>
        <translation>
            <numerusform>%n本未归还，原因见下方。</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="108"/>
        <source>Return into a locker</source>
        <translation>还书到柜格</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="116"/>
        <source>Your doors are open</source>
        <translation>柜门已打开</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="116"/>
        <source>The doors did not open</source>
        <translation>柜门没有打开</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="119"/>
        <source>Take your books from door %1, then close it.</source>
        <translation>请从%1号柜门取书，取完后关好柜门。</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="121"/>
        <source>No door could be opened.</source>
        <translation>柜门未能打开。</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="128"/>
        <source>No book could be returned, so no compartment was opened.</source>
        <translation>没有可归还的书，因此没有打开柜格。</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="130"/>
        <source>Compartment %1 is closed. Thank you!</source>
        <translation>%1号柜格已关好，谢谢！</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="133"/>
        <source>Put the books into compartment %1 and close the door.</source>
        <translation>请把书放入%1号柜格并关好柜门。</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="138"/>
        <source>Only the books marked &apos;Returned&apos; go in; please keep the others.</source>
        <translation>只放入标为“已归还”的书，其余的书请带走。</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="142"/>
        <source>Unknown item</source>
        <translation>未知图书</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="148"/>
        <source>In door %1 — due %2</source>
        <translation>在%1号柜门，应还日期：%2</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="151"/>
        <source>Borrowed — due %1</source>
        <translation>已借出，应还日期：%1</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="153"/>
        <source>Returned</source>
        <translation>已归还</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="162"/>
        <source>The security label may not be switched off: if the gate sounds, show the book to staff. It is recorded as yours.</source>
        <translation>这本书的防盗标签可能未关闭：如果门禁报警，请把书交给工作人员查看。此书已记在您的名下。</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <location filename="../screens/items.py" line="270"/>
        <source>Return</source>
        <translation>还书</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="271"/>
        <source>Put the books you are returning on the pad.</source>
        <translation>请把要还的书放在感应区上。</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="274"/>
        <source>On loan: will be returned</source>
        <translation>已借出：将办理归还</translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="276"/>
        <source>Not on loan: will be checked in</source>
        <translation>未借出，将恢复在馆</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/items.py" line="280"/>
        <source>Return %n book(s)</source>
        <translation>
            <numerusform>归还%n本</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="282"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/items.py" line="284"/>
        <source>Return %n book(s) into a locker</source>
        <translation>
            <numerusform>还%n本书到柜格</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/items.py" line="291"/>
        <source>You can still return the books here on the pad.</source>
        <translation>您仍可以直接在感应区上还书。</translation>
    </message>
</context>
<context>
    <name>ServiceController</name>
    <message>
        <location filename="../service_mode.py" line="186"/>
        <source>%1: done.</source>
        <translation>%1：已完成。</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="195"/>
        <source>%1: not done. %2</source>
        <translation>%1：未完成。%2</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="207"/>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="319"/>
        <source>Test page printed: take it from the printer.</source>
        <translation>测试页已打印，请从打印机取走。</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="357"/>
        <source>Door %1 is open. Close it when you are done.</source>
        <translation>%1号柜门已打开，操作完毕后请关门。</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="393"/>
        <source>Put into %1. Pick-up code for the reader: %2</source>
        <translation>已放入%1号柜格。读者取书码：%2</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="395"/>
        <source>(same as before)</source>
        <translation>（与之前相同）</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="411"/>
        <source>%1 holds expired: take them out (Holds).</source>
        <translation>%1个预约已过期：请在“预约”页取出。</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="413"/>
        <source>No hold has expired.</source>
        <translation>没有过期的预约。</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="503"/>
        <source>Sync started: %1 events waiting. The count below goes down as the library confirms them.</source>
        <translation>已开始同步：%1条记录待发送。中心馆每确认一条，下方数量随之减少。</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="518"/>
        <source>Quit the kiosk program? Residents cannot use this terminal until it is started again.</source>
        <translation>要退出自助终端程序吗？重新启动之前，读者无法使用本机。</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="521"/>
        <source>Keep running</source>
        <translation>继续运行</translation>
    </message>
    <message>
        <location filename="../service_mode.py" line="521"/>
        <source>Quit</source>
        <translation>退出程序</translation>
    </message>
</context>
<context>
    <name>ServiceLoginScreen</name>
    <message>
        <location filename="../screens/service_login.py" line="60"/>
        <source>Service mode</source>
        <translation>维护模式</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="61"/>
        <source>Enter the service PIN or present a staff card.</source>
        <translation>请输入维护密码或刷工作人员卡。</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="65"/>
        <source>Simulated devices: the demo PIN is %1.</source>
        <translation>模拟设备：演示密码为%1。</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="71"/>
        <source>The service PIN has 6 to 12 digits.</source>
        <translation>维护密码为6至12位数字。</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="75"/>
        <source>Too many wrong PINs: service login is locked. %1</source>
        <translation>密码错误次数过多，维护登录已锁定。%1</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="80"/>
        <source>Wrong PIN. %1 tries left.</source>
        <translation>密码错误，还可尝试%1次。</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="82"/>
        <source>Enter</source>
        <translation>进入</translation>
    </message>
    <message>
        <location filename="../screens/service_login.py" line="83"/>
        <source>Back</source>
        <translation>返回</translation>
    </message>
</context>
<context>
    <name>ServiceScreen</name>
    <message>
        <location filename="../screens/service.py" line="239"/>
        <source>Devices</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="240"/>
        <source>Holds</source>
        <translation>预约</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="241"/>
        <source>Alarms</source>
        <translation>告警</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="242"/>
        <source>Compartments</source>
        <translation>柜格</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="243"/>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="244"/>
        <source>Transactions</source>
        <translation>交易记录</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="250"/>
        <source>Alarms (%1)</source>
        <translation>告警（%1）</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="251"/>
        <source>Service mode</source>
        <translation>维护模式</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="253"/>
        <source>Leave service mode</source>
        <translation>退出维护模式</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="254"/>
        <source>Quit the kiosk program…</source>
        <translation>退出自助终端程序……</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="283"/>
        <source>Test-open door %1</source>
        <translation>试开%1号柜门</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="292"/>
        <source>secured</source>
        <translation>防盗已开</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="292"/>
        <source>not secured</source>
        <translation>防盗已关</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="295"/>
        <source>No tags on the pad.</source>
        <translation>感应区上没有标签。</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="314"/>
        <source>Holds to put into a locker: touch one, the door opens, put the book in.</source>
        <translation>待放入柜格的预约书：点击一项，柜门打开后放入图书。</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="316"/>
        <source>No holds are waiting to be put into a locker.</source>
        <translation>没有待放入柜格的预约书。</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="319"/>
        <source>Put %1 (%2) into a locker</source>
        <translation>将《%1》（%2）放入柜格</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="368"/>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="372"/>
        <source>Raised %1</source>
        <translation>发生时间：%1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="378"/>
        <source>Acknowledged: being dealt with</source>
        <translation>已确认：正在处理</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="379"/>
        <source>Acknowledge</source>
        <translation>确认告警</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="384"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="403"/>
        <source>out of service: %1</source>
        <translation>停用：%1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="408"/>
        <source>%1 (size %2) — %3 — holds: %4</source>
        <translation>%1（规格%2）— %3 — 预约：%4个</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="414"/>
        <source>Test-open</source>
        <translation>试开</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="419"/>
        <source>Take out of service</source>
        <translation>停用</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="419"/>
        <source>Put back in service</source>
        <translation>恢复使用</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="434"/>
        <source>Events waiting to be sent: %1</source>
        <translation>待发送记录：%1条</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="438"/>
        <source>Events waiting to be sent: %1 (oldest %2 min ago)</source>
        <translation>待发送记录：%1条（最早一条在%2分钟前）</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="448"/>
        <source>No central library is configured ([broker] enabled = false): events stay on this terminal and nothing is sent.</source>
        <translation>未配置中心馆（[broker] enabled = false）：记录保存在本机，不会发送。</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="453"/>
        <source>Sync status unavailable.</source>
        <translation>无法读取同步状态。</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="456"/>
        <source>Broker: not connected (working offline)</source>
        <translation>消息服务器：未连接（离线工作）</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="458"/>
        <source>Broker: connected; central library: not heard from yet</source>
        <translation>消息服务器：已连接；中心馆：尚未收到状态</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="460"/>
        <source>Broker: connected; central library: offline</source>
        <translation>消息服务器：已连接；中心馆：离线</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="462"/>
        <source>Broker: connected; central library: online</source>
        <translation>消息服务器：已连接；中心馆：在线</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="464"/>
        <source>Last confirmed by the library: %1</source>
        <translation>中心馆最近确认：%1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="466"/>
        <source>Nothing confirmed by the library since the start.</source>
        <translation>启动以来中心馆尚未确认任何记录。</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="268"/>
        <location filename="../screens/service.py" line="299"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="272"/>
        <source>Reader inventory</source>
        <translation>读写器盘点</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="273"/>
        <source>Printer test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="274"/>
        <source>Lock-board status</source>
        <translation>锁控板状态</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="276"/>
        <source>Card test: last card read %1</source>
        <translation>读卡测试：最近读到卡号%1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="278"/>
        <source>Card test: present a card to the reader</source>
        <translation>读卡测试：请在读卡区刷卡</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="323"/>
        <source>Take out expired %1 from %2</source>
        <translation>从%2号柜格取出过期的%1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="332"/>
        <source>Door %1 is open: put item %2 in, close the door, then touch Done.</source>
        <translation>%1号柜门已打开：放入图书%2，关好柜门后点击“完成”。</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="337"/>
        <source>Done, door closed</source>
        <translation>完成，柜门已关</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="338"/>
        <source>Check for expired holds</source>
        <translation>检查过期预约</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="345"/>
        <source>bus %1, board %2, lock %3</source>
        <translation>总线%1，锁控板%2，锁%3</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="348"/>
        <source>hold %1</source>
        <translation>预约：%1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="350"/>
        <source>item %1</source>
        <translation>图书：%1</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="352"/>
        <source>%1 events waiting</source>
        <translation>%1条记录待发送</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="354"/>
        <source>%1 wrong tries</source>
        <translation>错误%1次</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="364"/>
        <source>No active alarms.</source>
        <translation>没有未处理的告警。</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="393"/>
        <source>Put the terminal back in service</source>
        <translation>恢复本机服务</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="395"/>
        <source>Take the terminal out of service</source>
        <translation>暂停本机服务</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="400"/>
        <source>in service</source>
        <translation>正常服务</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="469"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="475"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="476"/>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="477"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="478"/>
        <source>Compartment / device</source>
        <translation>柜格 / 设备</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="479"/>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../screens/service.py" line="480"/>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
</context>
<context>
    <name>ServiceWords</name>
    <message>
        <location filename="../screens/service_words.py" line="23"/>
        <source>RFID pad</source>
        <translation>RFID读写区</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="24"/>
        <location filename="../screens/service_words.py" line="148"/>
        <source>Receipt printer</source>
        <translation>凭条打印机</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="25"/>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="26"/>
        <source>QR scanner</source>
        <translation>二维码扫描器</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="27"/>
        <source>Lock boards</source>
        <translation>锁控板</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="28"/>
        <source>Storage</source>
        <translation>数据存储</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="29"/>
        <source>Sync queue</source>
        <translation>同步队列</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="30"/>
        <source>Keypad</source>
        <translation>数字键盘</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="31"/>
        <source>Service PIN</source>
        <translation>维护密码</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="32"/>
        <source>Resident at the screen</source>
        <translation>屏幕前的读者</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="39"/>
        <source>working</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="40"/>
        <source>paper low: change the roll soon</source>
        <translation>纸将用完：请尽快换纸</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="41"/>
        <source>paper out: change the roll</source>
        <translation>缺纸：请换纸</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="42"/>
        <source>cover open: close the cover</source>
        <translation>机盖打开：请关上机盖</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="43"/>
        <source>printer error: check the printer</source>
        <translation>打印机故障：请检查打印机</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="44"/>
        <location filename="../screens/service_words.py" line="47"/>
        <source>not answering: check cable and power</source>
        <translation>无响应：请检查连线和电源</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="45"/>
        <source>no reader: check cable and power</source>
        <translation>未找到读卡器：请检查连线和电源</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="46"/>
        <source>reader error: check cable and power</source>
        <translation>读写器故障：请检查连线和电源</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="48"/>
        <source>device error</source>
        <translation>设备故障</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="54"/>
        <source>Door left open</source>
        <translation>柜门长时间未关闭</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="55"/>
        <source>Door opened by force</source>
        <translation>柜门被非正常打开</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="56"/>
        <source>Lock did not release</source>
        <translation>柜门锁未能打开</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="57"/>
        <source>Lock did not open</source>
        <translation>开锁未成功</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="58"/>
        <source>Lock board not answering</source>
        <translation>锁控板无响应</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="59"/>
        <location filename="../screens/service_words.py" line="125"/>
        <source>Compartment out of service</source>
        <translation>柜格已停用</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="60"/>
        <source>Door not closed</source>
        <translation>柜门未关闭</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="61"/>
        <source>Check the compartment: a load was undone</source>
        <translation>请检查柜格：一次放书操作已撤销</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="62"/>
        <source>Pick-up not confirmed by a sensor</source>
        <translation>取书未经传感器确认</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="63"/>
        <source>Book security state unknown</source>
        <translation>图书防盗状态不明</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="64"/>
        <source>Pick-up codes being guessed</source>
        <translation>有人在试猜取书码</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="65"/>
        <source>Service PIN being guessed</source>
        <translation>有人在试猜维护密码</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="66"/>
        <source>A patron&apos;s PIN being guessed</source>
        <translation>有人在猜读者借阅密码</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="67"/>
        <source>Device not found at start-up</source>
        <translation>启动时未找到设备</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="68"/>
        <source>Storage full</source>
        <translation>存储空间已满</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="69"/>
        <source>Events not delivered to the library</source>
        <translation>记录未能送达中心馆</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="70"/>
        <source>Printer paper low</source>
        <translation>打印机纸将用完</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="71"/>
        <source>Printer paper out</source>
        <translation>打印机缺纸</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="72"/>
        <source>Printer not answering</source>
        <translation>打印机无响应</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="73"/>
        <source>Loan refused by the library system: see the central office</source>
        <translation>图书馆系统拒绝了这笔借阅：请联系中心馆。</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="74"/>
        <source>A resident asked for help (Help button)</source>
        <translation>读者按了“帮助”求助</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="84"/>
        <source>taken out by staff</source>
        <translation>工作人员停用</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="85"/>
        <source>returned books inside: empty it</source>
        <translation>内有归还的图书：请取出</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="92"/>
        <source>door closed</source>
        <translation>门已关</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="92"/>
        <source>door open</source>
        <translation>门开着</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="95"/>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="95"/>
        <source>item inside</source>
        <translation>有物品</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="95"/>
        <source>empty</source>
        <translation>空</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="99"/>
        <source>Borrow</source>
        <translation>借书</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="100"/>
        <source>Return</source>
        <translation>还书</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="101"/>
        <source>Renew</source>
        <translation>续借</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="102"/>
        <source>Pick-up</source>
        <translation>取预约书</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="103"/>
        <source>Login</source>
        <translation>登录</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="104"/>
        <source>Logout</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="105"/>
        <source>Hold put in a locker</source>
        <translation>预约书放入柜格</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="106"/>
        <source>Hold taken out</source>
        <translation>预约书已取出</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="107"/>
        <source>Hold expired</source>
        <translation>预约已过期</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="108"/>
        <source>Door opened</source>
        <translation>开柜门</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="109"/>
        <source>Terminal in service</source>
        <translation>终端恢复服务</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="110"/>
        <location filename="../screens/service_words.py" line="127"/>
        <source>Terminal out of service</source>
        <translation>终端暂停服务</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="111"/>
        <source>Service login</source>
        <translation>登录维护模式</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="112"/>
        <source>Service logout</source>
        <translation>退出维护模式</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="113"/>
        <source>Card test</source>
        <translation>读卡测试</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="114"/>
        <source>Reader inventory</source>
        <translation>读写器盘点</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="115"/>
        <source>Printer test page</source>
        <translation>打印测试页</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="116"/>
        <source>Lock-board status</source>
        <translation>锁控板状态</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="117"/>
        <source>Test-open a door</source>
        <translation>试开柜门</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="118"/>
        <source>Open a door to put a hold in</source>
        <translation>开柜门放入预约书</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="119"/>
        <source>Hold put in, door closed</source>
        <translation>预约书已放入，门已关</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="120"/>
        <source>Check for expired holds</source>
        <translation>检查过期预约</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="121"/>
        <source>Take out an expired hold</source>
        <translation>取出过期预约书</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="122"/>
        <source>Clear an alarm</source>
        <translation>清除告警</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="123"/>
        <source>Acknowledge an alarm</source>
        <translation>确认告警</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="124"/>
        <source>Compartment back in service</source>
        <translation>柜格恢复使用</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="126"/>
        <source>Terminal back in service</source>
        <translation>终端恢复服务</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="128"/>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="129"/>
        <source>Voice volume</source>
        <translation>语音音量</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="130"/>
        <source>Quit the kiosk program</source>
        <translation>关闭自助终端程序</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="138"/>
        <source>Reader %1</source>
        <translation>读者%1</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="140"/>
        <source>Staff (PIN)</source>
        <translation>工作人员（密码）</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="142"/>
        <source>Staff (card …%1)</source>
        <translation>工作人员（工作卡尾号%1）</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="144"/>
        <source>Staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="145"/>
        <source>Terminal</source>
        <translation>本终端</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="146"/>
        <source>Central library</source>
        <translation>中心馆</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="147"/>
        <source>Anonymous</source>
        <translation>匿名</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="154"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="155"/>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="156"/>
        <source>refused</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="157"/>
        <source>locked out</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="158"/>
        <source>undone</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="159"/>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="160"/>
        <source>already done</source>
        <translation>此前已完成</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="161"/>
        <source>was not on loan</source>
        <translation>未在借</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="162"/>
        <source>logged out</source>
        <translation>已退出</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="163"/>
        <source>timed out</source>
        <translation>超时退出</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="170"/>
        <source>The door is still open: close it, then try again.</source>
        <translation>柜门仍开着：请关好门后再试。</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="172"/>
        <location filename="../screens/service_words.py" line="175"/>
        <source>The lock did not release: check the lock and its cable, then test-open again.</source>
        <translation>柜门锁未能打开：请检查门锁及其连线，然后再试开。</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="178"/>
        <source>The lock board does not answer: check its cable and power.</source>
        <translation>锁控板无响应：请检查其连线和电源。</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="181"/>
        <source>The compartment is out of service: put it back in service first.</source>
        <translation>该柜格已停用：请先恢复使用。</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="183"/>
        <source>The printer has no paper: change the roll.</source>
        <translation>打印机缺纸：请换纸。</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="184"/>
        <source>The printer does not answer: check cable and power.</source>
        <translation>打印机无响应：请检查连线和电源。</translation>
    </message>
    <message>
        <location filename="../screens/service_words.py" line="185"/>
        <source>The reader does not answer: check cable and power.</source>
        <translation>读写器无响应：请检查连线和电源。</translation>
    </message>
</context>
<context>
    <name>SessionController</name>
    <message>
        <location filename="../session.py" line="201"/>
        <location filename="../session.py" line="371"/>
        <source>Sorry</source>
        <translation>抱歉</translation>
    </message>
    <message>
        <location filename="../session.py" line="217"/>
        <source>Your credit level is %1; borrowing on credit here needs %2 or more.</source>
        <translation>您的信用分为%1，本馆信用借阅需要%2分及以上。</translation>
    </message>
    <message>
        <location filename="../session.py" line="226"/>
        <source>Some of your loans are long overdue: returning them lifts the block.</source>
        <translation>您有图书逾期较久，归还后即可恢复借阅。</translation>
    </message>
    <message>
        <location filename="../session.py" line="372"/>
        <source>Something went wrong. Nothing you did was lost.</source>
        <translation>出了点问题，您的操作记录没有丢失。</translation>
    </message>
    <message>
        <location filename="../session.py" line="222"/>
        <source>This card was reported lost. If you found it: %1</source>
        <translation>此卡已挂失。如果您找到了这张卡，%1</translation>
    </message>
    <message>
        <location filename="../session.py" line="373"/>
        <source>Please try again, or press Help.</source>
        <translation>请重试，或按“帮助”求助。</translation>
    </message>
    <message>
        <location filename="../session.py" line="379"/>
        <source>Receipt not printed</source>
        <translation>无法打印凭条</translation>
    </message>
    <message>
        <location filename="../session.py" line="380"/>
        <source>The receipt printer is not working right now.</source>
        <translation>凭条打印机暂时无法使用。</translation>
    </message>
    <message>
        <location filename="../session.py" line="382"/>
        <source>Everything you did is recorded: you can see your loans and due dates in the library app or on &apos;My loans&apos;.</source>
        <translation>您的操作均已记录：可在图书馆App或“我的借阅”中查看借阅和应还日期。</translation>
    </message>
</context>
<context>
    <name>SpeechController</name>
    <message>
        <location filename="../speech.py" line="170"/>
        <source>This is the kiosk&apos;s voice, at volume %1.</source>
        <translation>这是本机的语音，音量%1。</translation>
    </message>
    <message>
        <location filename="../speech.py" line="244"/>
        <source>Choose what you would like to do.</source>
        <translation>请选择要办理的业务。</translation>
    </message>
</context>
<context>
    <name>Steps</name>
    <message>
        <location filename="../screens/base.py" line="154"/>
        <source>Identify</source>
        <translation>验证身份</translation>
    </message>
    <message>
        <location filename="../screens/base.py" line="155"/>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location filename="../screens/base.py" line="156"/>
        <source>Place the books</source>
        <translation>放上图书</translation>
    </message>
    <message>
        <location filename="../screens/base.py" line="158"/>
        <source>Door opens</source>
        <translation>柜门打开</translation>
    </message>
</context>
<context>
    <name>TransactionController</name>
    <message>
        <location filename="../transactions.py" line="216"/>
        <source>Borrowing… please leave the books on the pad.</source>
        <translation>正在借书……请不要拿走感应区上的书。</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="227"/>
        <location filename="../transactions.py" line="255"/>
        <source>Returning… please leave the books on the pad.</source>
        <translation>正在还书……请不要拿走感应区上的书。</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="268"/>
        <source>The compartment did not open</source>
        <translation>柜门没有打开</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="270"/>
        <source>Your books are returned, but the locker door did not open. The library has been told.</source>
        <translation>您的书已归还，但柜门没有打开，已通知图书馆。</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="273"/>
        <source>Please put the books on the returns shelf. For help, press Help.</source>
        <translation>请把书放在还书架上。如需帮助，请按“帮助”。</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="287"/>
        <source>Opening your doors…</source>
        <translation>正在为您开柜……</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="304"/>
        <source>Renewing…</source>
        <translation>正在续借……</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="328"/>
        <source>Would you like a printed receipt?</source>
        <translation>需要打印凭条吗？</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="329"/>
        <source>Print receipt</source>
        <translation>打印凭条</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="329"/>
        <source>No receipt</source>
        <translation>不打印凭条</translation>
    </message>
    <message>
        <location filename="../transactions.py" line="354"/>
        <source>Printing your receipt…</source>
        <translation>正在打印凭条……</translation>
    </message>
</context>
<context>
    <name>VoiceSettings</name>
    <message>
        <location filename="../screens/voice.py" line="51"/>
        <source>Voice volume: %1 of 100</source>
        <translation>语音音量：%1（最大100）</translation>
    </message>
    <message>
        <location filename="../screens/voice.py" line="52"/>
        <source>Quieter</source>
        <translation>调小</translation>
    </message>
    <message>
        <location filename="../screens/voice.py" line="53"/>
        <source>Louder</source>
        <translation>调大</translation>
    </message>
    <message>
        <location filename="../screens/voice.py" line="54"/>
        <source>Test voice</source>
        <translation>试听语音</translation>
    </message>
</context>
</TS>
