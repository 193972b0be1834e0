<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar_EG">
<context>
    <name>AddServerPage</name>
    <message>
        <source>Add a server</source>
        <translation>إضافة خادم</translation>
    </message>
    <message>
        <source>&amp;Search for your institute, organization or server:</source>
        <translation>ا&amp;بحث عن مؤسستك أو منظمتك أو خادمك:</translation>
    </message>
    <message>
        <source>University name, city or vpn.example.org</source>
        <translation>اسم الجامعة أو المدينة أو vpn.example.org</translation>
    </message>
    <message>
        <source>Search for a server</source>
        <translation>البحث عن خادم</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>ع&amp;نوان الخادم:</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>عنوان الخادم</translation>
    </message>
    <message>
        <source>Add this server</source>
        <translation>إضافة هذا الخادم</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Log in in your web browser to finish adding the server.</source>
        <translation>سجّل الدخول في متصفح الويب لإكمال إضافة الخادم.</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Location</source>
        <translation>الموقع</translation>
    </message>
    <message>
        <source>Connection status</source>
        <translation>حالة الاتصال</translation>
    </message>
    <message>
        <source>Connection state picture</source>
        <translation>صورة حالة الاتصال</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>الخادم</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>ملف التعريف</translation>
    </message>
    <message>
        <source>Change &amp;profile…</source>
        <translation>ت&amp;غيير ملف التعريف…</translation>
    </message>
    <message>
        <source>Change profile</source>
        <translation>تغيير ملف التعريف</translation>
    </message>
    <message>
        <source>Choose another profile of this server</source>
        <translation>اختيار ملف تعريف آخر لهذا الخادم</translation>
    </message>
    <message>
        <source>Session validity</source>
        <translation>صلاحية الجلسة</translation>
    </message>
    <message>
        <source>&amp;Renew session</source>
        <translation>&amp;تجديد الجلسة</translation>
    </message>
    <message>
        <source>Log in again to start a new session</source>
        <translation>سجّل الدخول مجددًا لبدء جلسة جديدة</translation>
    </message>
    <message>
        <source>Connection details</source>
        <translation>تفاصيل الاتصال</translation>
    </message>
    <message>
        <source>Connected for</source>
        <translation>مدة الاتصال</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>صالحة حتى</translation>
    </message>
    <message>
        <source>IPv4 address</source>
        <translation>عنوان IPv4</translation>
    </message>
    <message>
        <source>IPv6 address</source>
        <translation>عنوان IPv6</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>البروتوكول</translation>
    </message>
    <message>
        <source>Data received</source>
        <translation>البيانات المستلَمة</translation>
    </message>
    <message>
        <source>Data sent</source>
        <translation>البيانات المرسَلة</translation>
    </message>
    <message>
        <source>Connected for:</source>
        <translation>مدة الاتصال:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>صالحة حتى:</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>المستلَم:</translation>
    </message>
    <message>
        <source>Sent:</source>
        <translation>المرسَل:</translation>
    </message>
    <message>
        <source>IPv4:</source>
        <translation>IPv4:</translation>
    </message>
    <message>
        <source>IPv6:</source>
        <translation>IPv6:</translation>
    </message>
    <message>
        <source>Your VPN session has ended. Log in again to reconnect.</source>
        <translation>انتهت جلسة VPN الخاصة بك. سجّل الدخول مجددًا لإعادة الاتصال.</translation>
    </message>
    <message>
        <source>&amp;Log in again</source>
        <translation>تسجيل ال&amp;دخول مجددًا</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>البروتوكول:</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;قطع الاتصال</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>إ&amp;لغاء</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;اتصال</translation>
    </message>
</context>
<context>
    <name>DiscoverySearch</name>
    <message>
        <source>Server list notice</source>
        <translation>تنبيه بشأن قائمة الخوادم</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <source>Dismiss the server list notice</source>
        <translation>إغلاق التنبيه بشأن قائمة الخوادم</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>مسح البحث</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>نتائج البحث</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>عنوان الخادم</translation>
    </message>
    <message>
        <source>Institute Access</source>
        <translation>الوصول إلى المؤسسة</translation>
    </message>
    <message>
        <source>Secure Internet</source>
        <translation>إنترنت آمن</translation>
    </message>
    <message>
        <source>Type the name of your institute or organization, or the address of a server.</source>
        <translation>اكتب اسم مؤسستك أو منظمتك، أو عنوان خادم.</translation>
    </message>
    <message>
        <source>Nothing matches “{query}”. Check the spelling, or type the server&apos;s address, like vpn.example.org.</source>
        <translation>لا توجد نتائج تطابق «{query}». تحقّق من الإملاء، أو اكتب عنوان الخادم، مثل vpn.example.org.</translation>
    </message>
    <message>
        <source>Add {address}</source>
        <translation>إضافة {address}</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error</source>
        <translation>خطأ</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>رسالة الخطأ</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>إغلاق</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>إعادة المحاولة</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>نسخ التفاصيل</translation>
    </message>
    <message>
        <source>Copy the error message to the clipboard</source>
        <translation>نسخ رسالة الخطأ إلى الحافظة</translation>
    </message>
    <message>
        <source>Check the address</source>
        <translation>التحقق من العنوان</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The list of eduVPN servers ({file}) could not be updated: {detail}</source>
        <translation>تعذّر تحديث قائمة خوادم eduVPN ({file}): {detail}</translation>
    </message>
    <message>
        <source>The discovery setting {name} is not valid: {detail}</source>
        <translation>إعداد الاكتشاف {name} غير صالح: {detail}</translation>
    </message>
    <message>
        <source>Could not download {file} from {host}: {detail}</source>
        <translation>تعذّر تنزيل {file} من {host}: {detail}</translation>
    </message>
    <message>
        <source>{host} did not send {file} within {seconds} seconds.</source>
        <translation>لم يرسل {host} الملف {file} خلال {seconds} ثانية.</translation>
    </message>
    <message>
        <source>{file} from {host} is larger than {limit} bytes; refusing it.</source>
        <translation>حجم {file} من {host} أكبر من {limit} بايت؛ تم رفضه.</translation>
    </message>
    <message>
        <source>Refusing to download {file} from {url}: only secure https:// addresses are allowed.</source>
        <translation>رُفض تنزيل {file} من {url}: يُسمح فقط بالعناوين الآمنة https://.</translation>
    </message>
    <message>
        <source>{host} answered {file} with HTTP status {status}.</source>
        <translation>ردّ {host} على طلب {file} برمز حالة HTTP {status}.</translation>
    </message>
    <message>
        <source>The signature of {file} is not valid: {detail}</source>
        <translation>توقيع {file} غير صالح: {detail}</translation>
    </message>
    <message>
        <source>The signature file of {file} is damaged or not a minisign signature ({detail}).</source>
        <translation>ملف توقيع {file} تالف أو ليس توقيع minisign ({detail}).</translation>
    </message>
    <message>
        <source>{file} is signed with a key Sluis does not trust (key id {key_id}).</source>
        <translation>{file} موقّع بمفتاح لا يثق به Sluis (معرّف المفتاح {key_id}).</translation>
    </message>
    <message>
        <source>{file} does not match its signature; it may have been altered.</source>
        <translation>{file} لا يطابق توقيعه؛ ربما تم التلاعب به.</translation>
    </message>
    <message>
        <source>{file} has a legacy signature, but Sluis is set to accept only prehashed signatures.</source>
        <translation>{file} يحمل توقيعًا قديمًا، لكن Sluis مضبوط لقبول التواقيع المجزّأة مسبقًا فقط.</translation>
    </message>
    <message>
        <source>The signature received for {file} was made for {signed_file}.</source>
        <translation>التوقيع المستلم لـ {file} صُنع لـ {signed_file}.</translation>
    </message>
    <message>
        <source>The downloaded {file} (version {v}) is older than the one Sluis already has (version {previous_v}); keeping the newer one.</source>
        <translation>الملف {file} الذي تم تنزيله (الإصدار {v}) أقدم من الموجود لدى Sluis (الإصدار {previous_v})؛ سيُحتفظ بالأحدث.</translation>
    </message>
    <message>
        <source>{file} is not a valid discovery list: {detail}</source>
        <translation>{file} ليست قائمة اكتشاف صالحة: {detail}</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>حدث خطأ ما: {detail}</translation>
    </message>
    <message>
        <source>Could not reach {host}: {detail}</source>
        <translation>تعذّر الوصول إلى {host}: {detail}</translation>
    </message>
    <message>
        <source>The server {host} sent a larger answer than Sluis accepts (over {limit} bytes); it was not used.</source>
        <translation>أرسل الخادم {host} ردًا أكبر مما يقبله Sluis (أكثر من {limit} بايت)؛ لم يُستخدم.</translation>
    </message>
    <message>
        <source>The server {host} did not send its whole answer within {seconds} seconds; Sluis stopped waiting.</source>
        <translation>لم يرسل الخادم {host} رده كاملًا خلال {seconds} ثانية؛ توقف Sluis عن الانتظار.</translation>
    </message>
    <message>
        <source>The server redirected to {url}, which is not a secure https:// address; refusing it.</source>
        <translation>أعاد الخادم التوجيه إلى {url}، وهو ليس عنوان https:// آمنًا؛ تم الرفض.</translation>
    </message>
    <message>
        <source>“{url}” is not a valid server address: {detail}</source>
        <translation>«{url}» ليس عنوان خادم صالحًا: {detail}</translation>
    </message>
    <message>
        <source>The server at {host} does not support API v3; it may run an older eduVPN version (2.x).</source>
        <translation>الخادم {host} لا يدعم API v3؛ ربما يعمل بإصدار أقدم من eduVPN (2.x).</translation>
    </message>
    <message>
        <source>The server sent a response Sluis cannot use: {detail}</source>
        <translation>أرسل الخادم استجابة لا يستطيع Sluis استخدامها: {detail}</translation>
    </message>
    <message>
        <source>The server refused the request ({status}): {server_message}</source>
        <translation>رفض الخادم الطلب ({status}): {server_message}</translation>
    </message>
    <message>
        <source>The profile is not available on this server (or you may not use it): {server_message}</source>
        <translation>ملف التعريف غير متاح على هذا الخادم (أو لا يحق لك استخدامه): {server_message}</translation>
    </message>
    <message>
        <source>This profile offers no VPN protocol that Sluis can run here: {server_message}</source>
        <translation>لا يقدّم ملف التعريف هذا أي بروتوكول VPN يمكن لـ Sluis تشغيله هنا: {server_message}</translation>
    </message>
    <message>
        <source>Logging in failed: {detail}</source>
        <translation>فشل تسجيل الدخول: {detail}</translation>
    </message>
    <message>
        <source>The login answer did not come from {host}, the server you are logging in to. Please try again.</source>
        <translation>لم يأتِ رد تسجيل الدخول من {host}، الخادم الذي تسجّل الدخول إليه. يُرجى المحاولة مرة أخرى.</translation>
    </message>
    <message>
        <source>Your authorization for {host} has ended. Please log in again to continue.</source>
        <translation>انتهى تفويضك لـ {host}. يُرجى تسجيل الدخول مجددًا للمتابعة.</translation>
    </message>
    <message>
        <source>The VPN configuration is not valid: {detail}</source>
        <translation>إعدادات VPN غير صالحة: {detail}</translation>
    </message>
    <message>
        <source>Line {line} of the VPN configuration says “{directive}”, which Sluis does not allow: a VPN profile may not run programs, load libraries, use files or change how Sluis runs OpenVPN.</source>
        <translation>يقول السطر {line} من إعداد VPN ‏«{directive}»، وهذا ما لا يسمح به Sluis: لا يجوز لملف تعريف VPN تشغيل برامج أو تحميل مكتبات أو استخدام ملفات أو تغيير طريقة تشغيل Sluis لـ OpenVPN.</translation>
    </message>
    <message>
        <source>No secure password store (keyring) is available; your login is kept only until Sluis quits.</source>
        <translation>لا يتوفر مخزن آمن لكلمات المرور (سلسلة مفاتيح)؛ يُحفظ تسجيل دخولك فقط حتى إغلاق Sluis.</translation>
    </message>
    <message>
        <source>No server {url} has been added. Add it first.</source>
        <translation>لم تتم إضافة الخادم {url}. أضفه أولًا.</translation>
    </message>
    <message>
        <source>Could not save Sluis&apos;s data in {path}: {detail}</source>
        <translation>تعذّر حفظ بيانات Sluis في {path}: {detail}</translation>
    </message>
    <message>
        <source>The folder {path} is not private to you (another user owns it); Sluis will not use it.</source>
        <translation>المجلد {path} ليس خاصًا بك (يملكه مستخدم آخر)؛ لن يستخدمه Sluis.</translation>
    </message>
    <message>
        <source>The folder {path} is not private to you (it is a symbolic link); Sluis will not use it.</source>
        <translation>المجلد {path} ليس خاصًا بك (إنه رابط رمزي)؛ لن يستخدمه Sluis.</translation>
    </message>
    <message>
        <source>{path} is not a folder; Sluis will not keep its files there.</source>
        <translation>{path} ليس مجلدًا؛ لن يحفظ Sluis ملفاته هناك.</translation>
    </message>
    <message>
        <source>The server {url} was set up by your organization and cannot be removed.</source>
        <translation>الخادم {url} أعدّته منظمتك ولا يمكن إزالته.</translation>
    </message>
    <message>
        <source>Your organization allows only the servers it has set up; {url} cannot be added.</source>
        <translation>تسمح منظمتك فقط بالخوادم التي أعدّتها؛ لا يمكن إضافة {url}.</translation>
    </message>
    <message>
        <source>The profile could not be imported: {detail}</source>
        <translation>تعذّر استيراد ملف التعريف: {detail}</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was added.</source>
        <translation>أُلغي الاستيراد؛ لم تتم إضافة أي شيء.</translation>
    </message>
    <message>
        <source>The local control channel of Sluis is not usable: {detail}</source>
        <translation>قناة التحكم المحلية في Sluis غير قابلة للاستخدام: {detail}</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: {detail}</source>
        <translation>لا يستطيع Sluis فتح هذا الرابط: {detail}</translation>
    </message>
    <message>
        <source>The VPN tunnel could not be set up: {detail}</source>
        <translation>تعذّر إنشاء نفق VPN: {detail}</translation>
    </message>
    <message>
        <source>Sluis may not connect with {protocol} here: this computer&apos;s settings require {required}.</source>
        <translation>لا يُسمح لـ Sluis بالاتصال باستخدام {protocol} هنا: تتطلب إعدادات هذا الحاسوب {required}.</translation>
    </message>
    <message>
        <source>The VPN profile “{profile}” needs your username and password.</source>
        <translation>يحتاج ملف تعريف VPN «{profile}» إلى اسم المستخدم وكلمة المرور الخاصين بك.</translation>
    </message>
    <message>
        <source>The VPN server did not accept the username or password.</source>
        <translation>لم يقبل خادم VPN اسم المستخدم أو كلمة المرور.</translation>
    </message>
    <message>
        <source>The VPN server did not accept the username or password. Sluis has forgotten the remembered login and asks for it next time.</source>
        <translation>لم يقبل خادم VPN اسم المستخدم أو كلمة المرور. نسي Sluis بيانات الدخول المحفوظة وسيطلبها في المرة القادمة.</translation>
    </message>
    <message>
        <source>The login answer did not belong to this login attempt (state mismatch). Please try again.</source>
        <translation>لا تنتمي استجابة تسجيل الدخول إلى محاولة الدخول هذه (عدم تطابق state). يُرجى المحاولة مجددًا.</translation>
    </message>
    <message>
        <source>The login was cancelled or refused.</source>
        <translation>أُلغي تسجيل الدخول أو رُفض.</translation>
    </message>
    <message>
        <source>Only Secure Internet servers have locations.</source>
        <translation>خوادم الإنترنت الآمن وحدها لها مواقع.</translation>
    </message>
    <message>
        <source>{url} is not a Secure Internet location.</source>
        <translation>{url} ليس موقعًا من مواقع الإنترنت الآمن.</translation>
    </message>
    <message>
        <source>No organization “{org}” is listed.</source>
        <translation>لا توجد منظمة «{org}» في القائمة.</translation>
    </message>
    <message>
        <source>The Secure Internet server of “{org}” is not listed.</source>
        <translation>خادم الإنترنت الآمن الخاص بـ «{org}» غير موجود في القائمة.</translation>
    </message>
    <message>
        <source>No institute {url} is listed.</source>
        <translation>لا توجد مؤسسة {url} في القائمة.</translation>
    </message>
    <message>
        <source>This server offers you no VPN profiles.</source>
        <translation>لا يقدّم لك هذا الخادم أي ملفات تعريف VPN.</translation>
    </message>
    <message>
        <source>The server has no profile “{profile}”. Available: {available}</source>
        <translation>لا يحتوي الخادم على ملف التعريف «{profile}». المتاح: {available}</translation>
    </message>
    <message>
        <source>Choose a profile ({available}).</source>
        <translation>اختر ملف تعريف ({available}).</translation>
    </message>
    <message>
        <source>Only secure https:// links can be imported; this one is not.</source>
        <translation>لا يمكن استيراد سوى روابط https:// الآمنة؛ وهذا الرابط ليس كذلك.</translation>
    </message>
    <message>
        <source>This openvpn:// link is not a profile import link (openvpn://import-profile/…).</source>
        <translation>رابط openvpn:// هذا ليس رابط استيراد ملف تعريف (openvpn://import-profile/…).</translation>
    </message>
    <message>
        <source>This import link has expired or has already been used. Ask your VPN administrator for a new link.</source>
        <translation>انتهت صلاحية رابط الاستيراد هذا أو سبق استخدامه. اطلب رابطًا جديدًا من مسؤول VPN.</translation>
    </message>
    <message>
        <source>The server may not give you an auto-login profile (your account lacks the auto-login permission). Ask your VPN administrator.</source>
        <translation>لا يمكن للخادم منحك ملف تعريف بتسجيل دخول تلقائي (حسابك يفتقر إلى صلاحية auto-login). راجع مسؤول VPN.</translation>
    </message>
    <message>
        <source>The server at {host} refused the import link (HTTP {status}). It may have expired.</source>
        <translation>رفض الخادم {host} رابط الاستيراد (HTTP {status}). ربما انتهت صلاحيته.</translation>
    </message>
    <message>
        <source>The server at {host} sent the download to an insecure (non-https) address; refused.</source>
        <translation>أرسل الخادم {host} التنزيل إلى عنوان غير آمن (ليس https)؛ تم الرفض.</translation>
    </message>
    <message>
        <source>A key of this imported profile is missing from the keyring. Import the profile again.</source>
        <translation>أحد مفاتيح ملف التعريف المستورد هذا مفقود من سلسلة المفاتيح. استورد ملف التعريف مجددًا.</translation>
    </message>
    <message>
        <source>The imported profile&apos;s file is gone. Import the profile again.</source>
        <translation>ملف ملف التعريف المستورد لم يعد موجودًا. استورد ملف التعريف مجددًا.</translation>
    </message>
    <message>
        <source>This computer cannot run {protocol} connections.</source>
        <translation>لا يستطيع هذا الحاسوب تشغيل اتصالات {protocol}.</translation>
    </message>
    <message>
        <source>Unknown VPN backend “{name}”. Known: {known}</source>
        <translation>محرك VPN غير معروف «{name}». المعروف: {known}</translation>
    </message>
    <message>
        <source>No VPN software found: install NetworkManager, or WireGuard tools and OpenVPN.</source>
        <translation>لم يُعثر على برنامج VPN: ثبّت NetworkManager، أو أدوات WireGuard وOpenVPN.</translation>
    </message>
    <message>
        <source>Already connected to {server}. Disconnect first.</source>
        <translation>أنت متصل بالفعل بـ {server}. اقطع الاتصال أولًا.</translation>
    </message>
    <message>
        <source>Server discovery is switched off here.</source>
        <translation>البحث عن الخوادم معطّل هنا.</translation>
    </message>
    <message>
        <source>Importing needs a confirmation: run it in a terminal, or pass --yes.</source>
        <translation>يحتاج الاستيراد إلى تأكيد: شغّله في طرفية، أو مرّر --yes.</translation>
    </message>
    <message>
        <source>Could not read the VPN login from file descriptor {fd}: {detail}</source>
        <translation>تعذّرت قراءة بيانات دخول VPN من واصف الملف {fd}: {detail}</translation>
    </message>
    <message>
        <source>File descriptor {fd} must hold the VPN username on one line and the password on the next.</source>
        <translation>يجب أن يحتوي واصف الملف {fd} على اسم مستخدم VPN في سطر وكلمة المرور في السطر التالي.</translation>
    </message>
    <message>
        <source>{reason} Type them in a terminal, pass them with --credentials-fd N (the username and the password on two lines), or keep them in the keyring once with --remember.</source>
        <translation>{reason} اكتبهما في طرفية، أو مرّرهما باستخدام --credentials-fd N (اسم المستخدم وكلمة المرور في سطرين)، أو احفظهما مرة واحدة في سلسلة المفاتيح باستخدام --remember.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: the login answer is incomplete.</source>
        <translation>لا يستطيع Sluis فتح هذا الرابط: استجابة تسجيل الدخول غير مكتملة.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it contains spaces or control characters.</source>
        <translation>لا يستطيع Sluis فتح هذا الرابط: يحتوي على مسافات أو أحرف تحكم.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it does not know “sluis://{action}”.</source>
        <translation>لا يستطيع Sluis فتح هذا الرابط: لا يعرف «sluis://{action}».</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it points at a local file.</source>
        <translation>لا يستطيع Sluis فتح هذا الرابط: يشير إلى ملف محلي.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is far too long.</source>
        <translation>لا يستطيع Sluis فتح هذا الرابط: إنه طويل جدًا.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is not a link.</source>
        <translation>لا يستطيع Sluis فتح هذا الرابط: إنه ليس رابطًا.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it does not handle “{scheme}:” links.</source>
        <translation>لا يستطيع Sluis فتح هذا الرابط: لا يتعامل مع روابط «{scheme}:».</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is a login answer, but no login is waiting for it. Start the login from Sluis.</source>
        <translation>لا يستطيع Sluis فتح هذا الرابط: إنه استجابة تسجيل دخول، لكن لا يوجد تسجيل دخول بانتظارها. ابدأ تسجيل الدخول من Sluis.</translation>
    </message>
    <message>
        <source>Sluis could not start its background process: {reason}</source>
        <translation>تعذّر على Sluis تشغيل عمليته في الخلفية: {reason}</translation>
    </message>
    <message>
        <source>The window cannot start: Qt needs libxcb-cursor. Install it (Debian/Ubuntu: sudo apt install libxcb-cursor0; Fedora: sudo dnf install xcb-util-cursor) and start Sluis again.</source>
        <translation>تعذّر فتح النافذة: تحتاج Qt إلى libxcb-cursor. ثبّتها (Debian/Ubuntu: sudo apt install libxcb-cursor0؛ Fedora: sudo dnf install xcb-util-cursor) ثم شغّل Sluis مجددًا.</translation>
    </message>
    <message>
        <source>The window cannot start: there is no display to show it on (is DISPLAY or WAYLAND_DISPLAY set?). The command line works without one: sluis --help.</source>
        <translation>تعذّر فتح النافذة: لا توجد شاشة لعرضها عليها (هل ضُبط DISPLAY أو WAYLAND_DISPLAY؟). يعمل سطر الأوامر من دونها: sluis --help.</translation>
    </message>
    <message>
        <source>The window cannot start: Qt could not load its platform plugin &quot;{platform}&quot; (see QT_QPA_PLATFORM and the Qt packages of your system).</source>
        <translation>تعذّر فتح النافذة: لم تتمكن Qt من تحميل إضافة المنصة «{platform}» (راجع QT_QPA_PLATFORM وحزم Qt في نظامك).</translation>
    </message>
    <message>
        <source>the server did not answer in time</source>
        <translation>لم يستجب الخادم في الوقت المحدد</translation>
    </message>
    <message>
        <source>its TLS certificate could not be verified</source>
        <translation>تعذّر التحقق من شهادة TLS الخاصة به</translation>
    </message>
    <message>
        <source>no server has that name; check the address</source>
        <translation>لا يوجد خادم بهذا الاسم؛ تحقّق من العنوان</translation>
    </message>
    <message>
        <source>the connection failed</source>
        <translation>فشل الاتصال</translation>
    </message>
    <message>
        <source>The WireGuard over TCP proxy at {host} failed: {detail}</source>
        <translation>فشل وكيل WireGuard عبر TCP على {host}: {detail}</translation>
    </message>
</context>
<context>
    <name>HelpPage</name>
    <message>
        <source>About Sluis</source>
        <translation>حول Sluis</translation>
    </message>
    <message>
        <source>Logins are kept in the system keyring ({backend}).</source>
        <translation>تُحفظ بيانات الدخول في سلسلة مفاتيح النظام ({backend}).</translation>
    </message>
    <message>
        <source>No secure keyring is available: logins are kept only until Sluis quits, and you will have to log in again after a restart.</source>
        <translation>لا تتوفر سلسلة مفاتيح آمنة: تُحفظ بيانات الدخول فقط حتى إغلاق Sluis، وسيتعيّن عليك تسجيل الدخول مجددًا بعد إعادة التشغيل.</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>الإصدار:</translation>
    </message>
    <message>
        <source>VPN backend:</source>
        <translation>محرك VPN:</translation>
    </message>
    <message>
        <source>Keyring:</source>
        <translation>سلسلة المفاتيح:</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>الدعم</translation>
    </message>
    <message>
        <source>Support contacts</source>
        <translation>جهات اتصال الدعم</translation>
    </message>
    <message>
        <source>A diagnostics file helps your helpdesk: it holds versions, settings, your servers&apos; addresses and the recent log, without passwords, tokens or keys.</source>
        <translation>يساعد ملف التشخيص فريق الدعم لديك: يحتوي على الإصدارات والإعدادات وعناوين خوادمك والسجل الأخير، دون كلمات مرور أو رموز أو مفاتيح.</translation>
    </message>
    <message>
        <source>Save &amp;diagnostics…</source>
        <translation>حفظ ال&amp;تشخيص…</translation>
    </message>
    <message>
        <source>Save diagnostics</source>
        <translation>حفظ التشخيص</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>ملفات نصية (*.txt)</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>حُفظ في {path}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import a VPN profile from %1?</source>
        <translation>هل تريد استيراد ملف تعريف VPN من %1؟</translation>
    </message>
    <message>
        <source>Sluis downloads the profile once from this server and keeps it privately. Only import profiles from a server you trust.</source>
        <translation>ينزّل Sluis ملف التعريف مرة واحدة من هذا الخادم ويحتفظ به بشكل خاص. لا تستورد ملفات التعريف إلا من خادم تثق به.</translation>
    </message>
    <message>
        <source>Import the VPN profile in %1?</source>
        <translation>هل تريد استيراد ملف تعريف VPN الموجود في %1؟</translation>
    </message>
    <message>
        <source>Sluis keeps a private copy of the profile. Only import profiles you trust.</source>
        <translation>يحتفظ Sluis بنسخة خاصة من ملف التعريف. لا تستورد إلا ملفات التعريف التي تثق بها.</translation>
    </message>
    <message>
        <source>Import VPN profile</source>
        <translation>استيراد ملف تعريف VPN</translation>
    </message>
    <message>
        <source>Sluis</source>
        <translation>Sluis</translation>
    </message>
    <message>
        <source>VPN profiles (*.ovpn *.conf)</source>
        <translation>ملفات تعريف VPN (*.ovpn *.conf)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>كل الملفات (*)</translation>
    </message>
</context>
<context>
    <name>LocationDialog</name>
    <message>
        <source>Secure Internet locations</source>
        <translation>مواقع الإنترنت الآمن</translation>
    </message>
    <message>
        <source>{server} connects you to the internet through one of these countries.</source>
        <translation>يوصلك {server} بالإنترنت عبر إحدى هذه الدول.</translation>
    </message>
    <message>
        <source>Locations</source>
        <translation>المواقع</translation>
    </message>
    <message>
        <source>{location} (in use)</source>
        <translation>{location} (قيد الاستخدام)</translation>
    </message>
    <message>
        <source>&amp;Use location</source>
        <translation>ا&amp;ستخدام الموقع</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>VPN login</source>
        <translation>تسجيل الدخول إلى VPN</translation>
    </message>
    <message>
        <source>“{profile}” asks for one more answer to connect.</source>
        <translation>يطلب «{profile}» إجابة أخرى للاتصال.</translation>
    </message>
    <message>
        <source>“{profile}” asks for your VPN username and password.</source>
        <translation>يطلب «{profile}» اسم مستخدم VPN وكلمة المرور الخاصين بك.</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>اسم المستخدم</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>كلمة المرور</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>ا&amp;سم المستخدم:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;كلمة المرور:</translation>
    </message>
    <message>
        <source>&amp;Remember the username and password in the system keyring</source>
        <translation>&amp;تذكّر اسم المستخدم وكلمة المرور في سلسلة مفاتيح النظام</translation>
    </message>
    <message>
        <source>C&amp;onnect</source>
        <translation>&amp;اتصال</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Stat&amp;us</source>
        <translation>ال&amp;حالة</translation>
    </message>
    <message>
        <source>Ser&amp;vers</source>
        <translation>ال&amp;خوادم</translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>الإ&amp;عدادات</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;مساعدة</translation>
    </message>
    <message>
        <source>The state of your VPN connection</source>
        <translation>حالة اتصال VPN الخاص بك</translation>
    </message>
    <message>
        <source>Sluis keeps running in the system tray. Use Quit in its menu to end it.</source>
        <translation>يستمر Sluis في العمل في علبة النظام. استخدم «إنهاء» في قائمته لإغلاقه.</translation>
    </message>
    <message>
        <source>Quit Sluis</source>
        <translation>إنهاء Sluis</translation>
    </message>
    <message>
        <source>Quitting ends the VPN connection to {server}.</source>
        <translation>يؤدي الإنهاء إلى قطع اتصال VPN بـ {server}.</translation>
    </message>
    <message>
        <source>&amp;Quit and disconnect</source>
        <translation>&amp;إنهاء وقطع الاتصال</translation>
    </message>
    <message>
        <source>Click here to log in again and renew the session.</source>
        <translation>انقر هنا لتسجيل الدخول مجددًا وتجديد الجلسة.</translation>
    </message>
</context>
<context>
    <name>ProfilesPage</name>
    <message>
        <source>Choose a profile</source>
        <translation>اختر ملف تعريف</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>ملفات التعريف</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;رجوع</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;اتصال</translation>
    </message>
    <message>
        <source>This profile offers no VPN protocol Sluis can use.</source>
        <translation>لا يقدّم ملف التعريف هذا أي بروتوكول VPN يمكن لـ Sluis استخدامه.</translation>
    </message>
</context>
<context>
    <name>ServersPage</name>
    <message>
        <source>Your servers</source>
        <translation>خوادمك</translation>
    </message>
    <message>
        <source>No servers yet. Add one to get started.</source>
        <translation>لا توجد خوادم بعد. أضف خادمًا للبدء.</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>الخوادم</translation>
    </message>
    <message>
        <source>&amp;Add server…</source>
        <translation>إ&amp;ضافة خادم…</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;اتصال</translation>
    </message>
    <message>
        <source>&amp;Log in again</source>
        <translation>تسجيل ال&amp;دخول مجددًا</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;إزالة</translation>
    </message>
    <message>
        <source>Change l&amp;ocation…</source>
        <translation>تغيير ال&amp;موقع…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;إزالة…</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>الم&amp;زيد</translation>
    </message>
    <message>
        <source>More actions for the selected server</source>
        <translation>مزيد من الإجراءات للخادم المحدد</translation>
    </message>
    <message>
        <source>&amp;Import profile…</source>
        <translation>ا&amp;ستيراد ملف تعريف…</translation>
    </message>
    <message>
        <source>Import a VPN profile file</source>
        <translation>استيراد ملف تعريف VPN من ملف</translation>
    </message>
    <message>
        <source>Import an OpenVPN (.ovpn) or WireGuard (.conf) profile file</source>
        <translation>استيراد ملف تعريف OpenVPN (.ovpn) أو WireGuard (.conf)</translation>
    </message>
    <message>
        <source>Institute Access</source>
        <translation>الوصول إلى المؤسسة</translation>
    </message>
    <message>
        <source>Secure Internet</source>
        <translation>إنترنت آمن</translation>
    </message>
    <message>
        <source>Other servers</source>
        <translation>خوادم أخرى</translation>
    </message>
    <message>
        <source>Imported profiles</source>
        <translation>ملفات التعريف المستوردة</translation>
    </message>
    <message>
        <source>{name} (no longer listed)</source>
        <translation>{name} (لم يعد مدرجًا)</translation>
    </message>
    <message>
        <source>{url}: this server is no longer in the eduVPN server list.</source>
        <translation>{url}: لم يعد هذا الخادم مدرجًا في قائمة خوادم eduVPN.</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;قطع الاتصال</translation>
    </message>
    <message>
        <source>Remove server</source>
        <translation>إزالة الخادم</translation>
    </message>
    <message>
        <source>Remove {name}? Sluis forgets its login, and a connection to it ends.</source>
        <translation>هل تريد إزالة {name}؟ سينسى Sluis تسجيل الدخول إليه، وسينتهي أي اتصال به.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>الإعدادات</translation>
    </message>
    <message>
        <source>Prefer T&amp;CP (for networks that block UDP)</source>
        <translation>تفضيل T&amp;CP (للشبكات التي تحجب UDP)</translation>
    </message>
    <message>
        <source>Start at lo&amp;gin</source>
        <translation>البدء عند تسجيل ال&amp;دخول</translation>
    </message>
    <message>
        <source>Start hi&amp;dden (in the tray)</source>
        <translation>البدء مخ&amp;فيًا (في علبة النظام)</translation>
    </message>
    <message>
        <source>&amp;Reconnect to the last server at start</source>
        <translation>إعادة الا&amp;تصال بآخر خادم عند البدء</translation>
    </message>
    <message>
        <source>Show the &amp;eduVPN server search</source>
        <translation>إظهار البحث عن خوادم &amp;eduVPN</translation>
    </message>
    <message>
        <source>Preferred protocol</source>
        <translation>البروتوكول المفضّل</translation>
    </message>
    <message>
        <source>Let the server choose</source>
        <translation>دع الخادم يختار</translation>
    </message>
    <message>
        <source>Preferred &amp;protocol:</source>
        <translation>ال&amp;بروتوكول المفضّل:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>اللغة</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>لغة النظام</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>ال&amp;لغة:</translation>
    </message>
    <message>
        <source>When a profile sends all traffic through the VPN, Sluis sends every DNS lookup through it too, and blocks IPv6 outside the VPN if the VPN carries only IPv4.</source>
        <translation>عندما يرسل ملف التعريف كل حركة المرور عبر VPN، يرسل Sluis كل استعلام DNS عبرها أيضًا، ويحظر IPv6 خارج VPN إذا كانت VPN لا تنقل إلا IPv4.</translation>
    </message>
    <message>
        <source>Settings marked as managed are set by your organization.</source>
        <translation>الإعدادات المعلّمة كمُدارة تضبطها مؤسستك.</translation>
    </message>
    <message>
        <source>Managed by your organization</source>
        <translation>تُديره مؤسستك</translation>
    </message>
    <message>
        <source> (managed)</source>
        <translation> (مُدار)</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>Valid for {hours} h {minutes} min</source>
        <translation>صالحة لمدة {hours} س {minutes} د</translation>
    </message>
    <message>
        <source>Valid for {minutes} min {seconds} s</source>
        <translation>صالحة لمدة {minutes} د {seconds} ث</translation>
    </message>
    <message>
        <source>Your VPN session has ended. Log in again to reconnect.</source>
        <translation>انتهت جلسة VPN الخاصة بك. سجّل الدخول مجددًا لإعادة الاتصال.</translation>
    </message>
    <message numerus="yes">
        <source>Your VPN session ends in %n hour(s).</source>
        <translation>
            <numerusform>تنتهي جلسة VPN خلال %n ساعة.</numerusform>
            <numerusform>تنتهي جلسة VPN خلال %n ساعة.</numerusform>
            <numerusform>تنتهي جلسة VPN خلال %n ساعتين.</numerusform>
            <numerusform>تنتهي جلسة VPN خلال %n ساعات.</numerusform>
            <numerusform>تنتهي جلسة VPN خلال %n ساعة.</numerusform>
            <numerusform>تنتهي جلسة VPN خلال %n ساعة.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>غير متصل</translation>
    </message>
    <message>
        <source>Waiting for you to log in in the web browser…</source>
        <translation>في انتظار تسجيل دخولك في متصفح الويب…</translation>
    </message>
    <message>
        <source>Choose a profile</source>
        <translation>اختر ملف تعريف</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>جارٍ الاتصال…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>متصل</translation>
    </message>
    <message>
        <source>Disconnecting…</source>
        <translation>جارٍ قطع الاتصال…</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>خطأ</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>جارٍ إعادة الاتصال…</translation>
    </message>
    <message>
        <source>WireGuard over TCP</source>
        <translation>WireGuard عبر TCP</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>{status}: {server}</source>
        <translation>{status}: {server}</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>قطع الاتصال</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>إلغاء</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>اتصال</translation>
    </message>
    <message>
        <source>Connect to {server}</source>
        <translation>الاتصال بـ {server}</translation>
    </message>
    <message>
        <source>Show Sluis</source>
        <translation>إظهار Sluis</translation>
    </message>
    <message>
        <source>Quit Sluis</source>
        <translation>إنهاء Sluis</translation>
    </message>
    <message>
        <source>Sluis: {status}</source>
        <translation>Sluis: {status}</translation>
    </message>
</context>
</TS>
