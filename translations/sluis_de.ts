<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AddServerPage</name>
    <message>
        <source>Add a server</source>
        <translation>Server hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Search for your institute, organization or server:</source>
        <translation>Suchen Sie &amp;Ihre Einrichtung, Organisation oder Ihren Server:</translation>
    </message>
    <message>
        <source>University name, city or vpn.example.org</source>
        <translation>Name der Hochschule, Stadt oder vpn.example.org</translation>
    </message>
    <message>
        <source>Search for a server</source>
        <translation>Einen Server suchen</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>Server&amp;adresse:</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Add this server</source>
        <translation>Diesen Server hinzufügen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Log in in your web browser to finish adding the server.</source>
        <translation>Melden Sie sich im Webbrowser an, um das Hinzufügen des Servers abzuschließen.</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Location</source>
        <translation>Standort</translation>
    </message>
    <message>
        <source>Connection status</source>
        <translation>Verbindungsstatus</translation>
    </message>
    <message>
        <source>Connection state picture</source>
        <translation>Bild zum Verbindungsstatus</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Change &amp;profile…</source>
        <translation>&amp;Profil wechseln…</translation>
    </message>
    <message>
        <source>Change profile</source>
        <translation>Profil wechseln</translation>
    </message>
    <message>
        <source>Choose another profile of this server</source>
        <translation>Ein anderes Profil dieses Servers wählen</translation>
    </message>
    <message>
        <source>Session validity</source>
        <translation>Gültigkeit der Sitzung</translation>
    </message>
    <message>
        <source>&amp;Renew session</source>
        <translation>Sitzung e&amp;rneuern</translation>
    </message>
    <message>
        <source>Log in again to start a new session</source>
        <translation>Erneut anmelden, um eine neue Sitzung zu starten</translation>
    </message>
    <message>
        <source>Connection details</source>
        <translation>Verbindungsdetails</translation>
    </message>
    <message>
        <source>Connected for</source>
        <translation>Verbindungsdauer</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Gültig bis</translation>
    </message>
    <message>
        <source>IPv4 address</source>
        <translation>IPv4-Adresse</translation>
    </message>
    <message>
        <source>IPv6 address</source>
        <translation>IPv6-Adresse</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Data received</source>
        <translation>Empfangene Daten</translation>
    </message>
    <message>
        <source>Data sent</source>
        <translation>Gesendete Daten</translation>
    </message>
    <message>
        <source>Connected for:</source>
        <translation>Verbindungsdauer:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Gültig bis:</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Empfangen:</translation>
    </message>
    <message>
        <source>Sent:</source>
        <translation>Gesendet:</translation>
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
        <translation>Ihre VPN-Sitzung ist abgelaufen. Melden Sie sich erneut an, um wieder zu verbinden.</translation>
    </message>
    <message>
        <source>&amp;Log in again</source>
        <translation>Erneut an&amp;melden</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>Protokoll:</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Abbrechen</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
</context>
<context>
    <name>DiscoverySearch</name>
    <message>
        <source>Server list notice</source>
        <translation>Hinweis zur Serverliste</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Dismiss the server list notice</source>
        <translation>Den Hinweis zur Serverliste schließen</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Suche leeren</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <source>Institute Access</source>
        <translation>Institutszugang</translation>
    </message>
    <message>
        <source>Secure Internet</source>
        <translation>Sicheres Internet</translation>
    </message>
    <message>
        <source>Type the name of your institute or organization, or the address of a server.</source>
        <translation>Geben Sie den Namen Ihrer Einrichtung oder Organisation oder die Adresse eines Servers ein.</translation>
    </message>
    <message>
        <source>Nothing matches “{query}”. Check the spelling, or type the server&apos;s address, like vpn.example.org.</source>
        <translation>Keine Treffer für „{query}“. Prüfen Sie die Schreibweise oder geben Sie die Adresse des Servers ein, etwa vpn.example.org.</translation>
    </message>
    <message>
        <source>Add {address}</source>
        <translation>{address} hinzufügen</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Fehlermeldung</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Erneut versuchen</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Details kopieren</translation>
    </message>
    <message>
        <source>Copy the error message to the clipboard</source>
        <translation>Die Fehlermeldung in die Zwischenablage kopieren</translation>
    </message>
    <message>
        <source>Check the address</source>
        <translation>Adresse prüfen</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The list of eduVPN servers ({file}) could not be updated: {detail}</source>
        <translation>Die Liste der eduVPN-Server ({file}) konnte nicht aktualisiert werden: {detail}</translation>
    </message>
    <message>
        <source>The discovery setting {name} is not valid: {detail}</source>
        <translation>Die Discovery-Einstellung {name} ist ungültig: {detail}</translation>
    </message>
    <message>
        <source>Could not download {file} from {host}: {detail}</source>
        <translation>{file} konnte nicht von {host} heruntergeladen werden: {detail}</translation>
    </message>
    <message>
        <source>{host} did not send {file} within {seconds} seconds.</source>
        <translation>{host} hat {file} nicht innerhalb von {seconds} Sekunden gesendet.</translation>
    </message>
    <message>
        <source>{file} from {host} is larger than {limit} bytes; refusing it.</source>
        <translation>{file} von {host} ist größer als {limit} Bytes und wird abgelehnt.</translation>
    </message>
    <message>
        <source>Refusing to download {file} from {url}: only secure https:// addresses are allowed.</source>
        <translation>{file} wird nicht von {url} heruntergeladen: Nur sichere https://-Adressen sind erlaubt.</translation>
    </message>
    <message>
        <source>{host} answered {file} with HTTP status {status}.</source>
        <translation>{host} hat auf {file} mit HTTP-Status {status} geantwortet.</translation>
    </message>
    <message>
        <source>The signature of {file} is not valid: {detail}</source>
        <translation>Die Signatur von {file} ist ungültig: {detail}</translation>
    </message>
    <message>
        <source>The signature file of {file} is damaged or not a minisign signature ({detail}).</source>
        <translation>Die Signaturdatei von {file} ist beschädigt oder keine minisign-Signatur ({detail}).</translation>
    </message>
    <message>
        <source>{file} is signed with a key Sluis does not trust (key id {key_id}).</source>
        <translation>{file} ist mit einem Schlüssel signiert, dem Sluis nicht vertraut (Schlüssel-ID {key_id}).</translation>
    </message>
    <message>
        <source>{file} does not match its signature; it may have been altered.</source>
        <translation>{file} passt nicht zu seiner Signatur; die Datei wurde möglicherweise verändert.</translation>
    </message>
    <message>
        <source>{file} has a legacy signature, but Sluis is set to accept only prehashed signatures.</source>
        <translation>{file} hat eine veraltete Signatur, aber Sluis akzeptiert nur Prehashed-Signaturen.</translation>
    </message>
    <message>
        <source>The signature received for {file} was made for {signed_file}.</source>
        <translation>Die für {file} empfangene Signatur wurde für {signed_file} erstellt.</translation>
    </message>
    <message>
        <source>The downloaded {file} (version {v}) is older than the one Sluis already has (version {previous_v}); keeping the newer one.</source>
        <translation>Die heruntergeladene Datei {file} (Version {v}) ist älter als die vorhandene (Version {previous_v}); die neuere wird behalten.</translation>
    </message>
    <message>
        <source>{file} is not a valid discovery list: {detail}</source>
        <translation>{file} ist keine gültige Discovery-Liste: {detail}</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>Etwas ist schiefgelaufen: {detail}</translation>
    </message>
    <message>
        <source>Could not reach {host}: {detail}</source>
        <translation>{host} ist nicht erreichbar: {detail}</translation>
    </message>
    <message>
        <source>The server {host} sent a larger answer than Sluis accepts (over {limit} bytes); it was not used.</source>
        <translation>Der Server {host} hat eine größere Antwort gesendet, als Sluis annimmt (über {limit} Bytes); sie wurde nicht verwendet.</translation>
    </message>
    <message>
        <source>The server {host} did not send its whole answer within {seconds} seconds; Sluis stopped waiting.</source>
        <translation>Der Server {host} hat seine Antwort nicht innerhalb von {seconds} Sekunden vollständig gesendet; Sluis wartet nicht länger.</translation>
    </message>
    <message>
        <source>The server redirected to {url}, which is not a secure https:// address; refusing it.</source>
        <translation>Der Server leitete zu {url} weiter, einer unsicheren Adresse ohne https://; abgelehnt.</translation>
    </message>
    <message>
        <source>“{url}” is not a valid server address: {detail}</source>
        <translation>„{url}“ ist keine gültige Serveradresse: {detail}</translation>
    </message>
    <message>
        <source>The server at {host} does not support API v3; it may run an older eduVPN version (2.x).</source>
        <translation>Der Server {host} unterstützt API v3 nicht; möglicherweise läuft dort eine ältere eduVPN-Version (2.x).</translation>
    </message>
    <message>
        <source>The server sent a response Sluis cannot use: {detail}</source>
        <translation>Der Server hat eine Antwort gesendet, die Sluis nicht verwenden kann: {detail}</translation>
    </message>
    <message>
        <source>The server refused the request ({status}): {server_message}</source>
        <translation>Der Server hat die Anfrage abgelehnt ({status}): {server_message}</translation>
    </message>
    <message>
        <source>The profile is not available on this server (or you may not use it): {server_message}</source>
        <translation>Das Profil ist auf diesem Server nicht verfügbar (oder Sie dürfen es nicht verwenden): {server_message}</translation>
    </message>
    <message>
        <source>This profile offers no VPN protocol that Sluis can run here: {server_message}</source>
        <translation>Dieses Profil bietet kein VPN-Protokoll, das Sluis hier ausführen kann: {server_message}</translation>
    </message>
    <message>
        <source>Logging in failed: {detail}</source>
        <translation>Anmeldung fehlgeschlagen: {detail}</translation>
    </message>
    <message>
        <source>The login answer did not come from {host}, the server you are logging in to. Please try again.</source>
        <translation>Die Anmeldeantwort kam nicht von {host}, dem Server, bei dem Sie sich anmelden. Bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Your authorization for {host} has ended. Please log in again to continue.</source>
        <translation>Ihre Autorisierung für {host} ist abgelaufen. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <source>The VPN configuration is not valid: {detail}</source>
        <translation>Die VPN-Konfiguration ist ungültig: {detail}</translation>
    </message>
    <message>
        <source>Line {line} of the VPN configuration says “{directive}”, which Sluis does not allow: a VPN profile may not run programs, load libraries, use files or change how Sluis runs OpenVPN.</source>
        <translation>Zeile {line} der VPN-Konfiguration enthält „{directive}“, was Sluis nicht erlaubt: Ein VPN-Profil darf keine Programme starten, keine Bibliotheken laden, keine Dateien verwenden und nicht ändern, wie Sluis OpenVPN ausführt.</translation>
    </message>
    <message>
        <source>No secure password store (keyring) is available; your login is kept only until Sluis quits.</source>
        <translation>Es ist kein sicherer Passwortspeicher (Schlüsselbund) verfügbar; Ihre Anmeldung bleibt nur bis zum Beenden von Sluis erhalten.</translation>
    </message>
    <message>
        <source>No server {url} has been added. Add it first.</source>
        <translation>Es wurde kein Server {url} hinzugefügt. Fügen Sie ihn zuerst hinzu.</translation>
    </message>
    <message>
        <source>Could not save Sluis&apos;s data in {path}: {detail}</source>
        <translation>Die Daten von Sluis konnten nicht in {path} gespeichert werden: {detail}</translation>
    </message>
    <message>
        <source>The folder {path} is not private to you (another user owns it); Sluis will not use it.</source>
        <translation>Der Ordner {path} gehört nicht nur Ihnen (er gehört einem anderen Benutzer); Sluis verwendet ihn nicht.</translation>
    </message>
    <message>
        <source>The folder {path} is not private to you (it is a symbolic link); Sluis will not use it.</source>
        <translation>Der Ordner {path} gehört nicht nur Ihnen (er ist ein symbolischer Link); Sluis verwendet ihn nicht.</translation>
    </message>
    <message>
        <source>{path} is not a folder; Sluis will not keep its files there.</source>
        <translation>{path} ist kein Ordner; Sluis legt dort keine Dateien ab.</translation>
    </message>
    <message>
        <source>The server {url} was set up by your organization and cannot be removed.</source>
        <translation>Der Server {url} wurde von Ihrer Organisation eingerichtet und kann nicht entfernt werden.</translation>
    </message>
    <message>
        <source>Your organization allows only the servers it has set up; {url} cannot be added.</source>
        <translation>Ihre Organisation erlaubt nur die von ihr eingerichteten Server; {url} kann nicht hinzugefügt werden.</translation>
    </message>
    <message>
        <source>The profile could not be imported: {detail}</source>
        <translation>Das Profil konnte nicht importiert werden: {detail}</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was added.</source>
        <translation>Der Import wurde abgebrochen; es wurde nichts hinzugefügt.</translation>
    </message>
    <message>
        <source>The local control channel of Sluis is not usable: {detail}</source>
        <translation>Der lokale Steuerkanal von Sluis ist nicht nutzbar: {detail}</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: {detail}</source>
        <translation>Sluis kann diesen Link nicht öffnen: {detail}</translation>
    </message>
    <message>
        <source>The VPN tunnel could not be set up: {detail}</source>
        <translation>Der VPN-Tunnel konnte nicht aufgebaut werden: {detail}</translation>
    </message>
    <message>
        <source>Sluis may not connect with {protocol} here: this computer&apos;s settings require {required}.</source>
        <translation>Sluis darf hier keine Verbindung mit {protocol} herstellen: Die Einstellungen dieses Computers verlangen {required}.</translation>
    </message>
    <message>
        <source>The VPN profile “{profile}” needs your username and password.</source>
        <translation>Das VPN-Profil „{profile}“ benötigt Ihren Benutzernamen und Ihr Passwort.</translation>
    </message>
    <message>
        <source>The VPN server did not accept the username or password.</source>
        <translation>Der VPN-Server hat den Benutzernamen oder das Passwort nicht akzeptiert.</translation>
    </message>
    <message>
        <source>The VPN server did not accept the username or password. Sluis has forgotten the remembered login and asks for it next time.</source>
        <translation>Der VPN-Server hat den Benutzernamen oder das Passwort nicht akzeptiert. Sluis hat die gespeicherte Anmeldung vergessen und fragt beim nächsten Mal erneut danach.</translation>
    </message>
    <message>
        <source>The login answer did not belong to this login attempt (state mismatch). Please try again.</source>
        <translation>Die Antwort gehörte nicht zu diesem Anmeldeversuch (State stimmt nicht überein). Bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>The login was cancelled or refused.</source>
        <translation>Die Anmeldung wurde abgebrochen oder abgelehnt.</translation>
    </message>
    <message>
        <source>Only Secure Internet servers have locations.</source>
        <translation>Nur Secure-Internet-Server haben Standorte.</translation>
    </message>
    <message>
        <source>{url} is not a Secure Internet location.</source>
        <translation>{url} ist kein Secure-Internet-Standort.</translation>
    </message>
    <message>
        <source>No organization “{org}” is listed.</source>
        <translation>Keine Organisation „{org}“ ist aufgeführt.</translation>
    </message>
    <message>
        <source>The Secure Internet server of “{org}” is not listed.</source>
        <translation>Der Secure-Internet-Server von „{org}“ ist nicht aufgeführt.</translation>
    </message>
    <message>
        <source>No institute {url} is listed.</source>
        <translation>Keine Einrichtung {url} ist aufgeführt.</translation>
    </message>
    <message>
        <source>This server offers you no VPN profiles.</source>
        <translation>Dieser Server bietet Ihnen keine VPN-Profile an.</translation>
    </message>
    <message>
        <source>The server has no profile “{profile}”. Available: {available}</source>
        <translation>Der Server hat kein Profil „{profile}“. Verfügbar: {available}</translation>
    </message>
    <message>
        <source>Choose a profile ({available}).</source>
        <translation>Wählen Sie ein Profil ({available}).</translation>
    </message>
    <message>
        <source>Only secure https:// links can be imported; this one is not.</source>
        <translation>Nur sichere https://-Links können importiert werden; dieser nicht.</translation>
    </message>
    <message>
        <source>This openvpn:// link is not a profile import link (openvpn://import-profile/…).</source>
        <translation>Dieser openvpn://-Link ist kein Link zum Importieren eines Profils (openvpn://import-profile/…).</translation>
    </message>
    <message>
        <source>This import link has expired or has already been used. Ask your VPN administrator for a new link.</source>
        <translation>Dieser Import-Link ist abgelaufen oder wurde bereits verwendet. Bitten Sie Ihre VPN-Administration um einen neuen Link.</translation>
    </message>
    <message>
        <source>The server may not give you an auto-login profile (your account lacks the auto-login permission). Ask your VPN administrator.</source>
        <translation>Der Server darf Ihnen kein Auto-Login-Profil geben (Ihrem Konto fehlt die Auto-Login-Berechtigung). Wenden Sie sich an Ihre VPN-Administration.</translation>
    </message>
    <message>
        <source>The server at {host} refused the import link (HTTP {status}). It may have expired.</source>
        <translation>Der Server {host} hat den Import-Link abgelehnt (HTTP {status}). Er ist möglicherweise abgelaufen.</translation>
    </message>
    <message>
        <source>The server at {host} sent the download to an insecure (non-https) address; refused.</source>
        <translation>Der Server {host} hat den Download an eine unsichere Adresse (ohne https) geschickt; abgelehnt.</translation>
    </message>
    <message>
        <source>A key of this imported profile is missing from the keyring. Import the profile again.</source>
        <translation>Ein Schlüssel dieses importierten Profils fehlt im Schlüsselbund. Importieren Sie das Profil erneut.</translation>
    </message>
    <message>
        <source>The imported profile&apos;s file is gone. Import the profile again.</source>
        <translation>Die Datei des importierten Profils ist nicht mehr vorhanden. Importieren Sie das Profil erneut.</translation>
    </message>
    <message>
        <source>This computer cannot run {protocol} connections.</source>
        <translation>Dieser Computer kann keine {protocol}-Verbindungen herstellen.</translation>
    </message>
    <message>
        <source>Unknown VPN backend “{name}”. Known: {known}</source>
        <translation>Unbekanntes VPN-Backend „{name}“. Bekannt: {known}</translation>
    </message>
    <message>
        <source>No VPN software found: install NetworkManager, or WireGuard tools and OpenVPN.</source>
        <translation>Keine VPN-Software gefunden: Installieren Sie NetworkManager oder die WireGuard-Tools und OpenVPN.</translation>
    </message>
    <message>
        <source>Already connected to {server}. Disconnect first.</source>
        <translation>Bereits mit {server} verbunden. Trennen Sie zuerst diese Verbindung.</translation>
    </message>
    <message>
        <source>Server discovery is switched off here.</source>
        <translation>Die Serversuche ist hier ausgeschaltet.</translation>
    </message>
    <message>
        <source>Importing needs a confirmation: run it in a terminal, or pass --yes.</source>
        <translation>Das Importieren braucht eine Bestätigung: Führen Sie es in einem Terminal aus oder geben Sie --yes an.</translation>
    </message>
    <message>
        <source>Could not read the VPN login from file descriptor {fd}: {detail}</source>
        <translation>Die VPN-Anmeldung konnte nicht aus dem Dateideskriptor {fd} gelesen werden: {detail}</translation>
    </message>
    <message>
        <source>File descriptor {fd} must hold the VPN username on one line and the password on the next.</source>
        <translation>Der Dateideskriptor {fd} muss den VPN-Benutzernamen in einer Zeile und das Passwort in der nächsten enthalten.</translation>
    </message>
    <message>
        <source>{reason} Type them in a terminal, pass them with --credentials-fd N (the username and the password on two lines), or keep them in the keyring once with --remember.</source>
        <translation>{reason} Geben Sie sie in einem Terminal ein, übergeben Sie sie mit --credentials-fd N (Benutzername und Passwort in zwei Zeilen) oder speichern Sie sie einmal mit --remember im Schlüsselbund.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: the login answer is incomplete.</source>
        <translation>Sluis kann diesen Link nicht öffnen: Die Antwort der Anmeldung ist unvollständig.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it contains spaces or control characters.</source>
        <translation>Sluis kann diesen Link nicht öffnen: Er enthält Leer- oder Steuerzeichen.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it does not know “sluis://{action}”.</source>
        <translation>Sluis kann diesen Link nicht öffnen: „sluis://{action}“ ist unbekannt.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it points at a local file.</source>
        <translation>Sluis kann diesen Link nicht öffnen: Er verweist auf eine lokale Datei.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is far too long.</source>
        <translation>Sluis kann diesen Link nicht öffnen: Er ist viel zu lang.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is not a link.</source>
        <translation>Sluis kann diesen Link nicht öffnen: Es ist kein Link.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it does not handle “{scheme}:” links.</source>
        <translation>Sluis kann diesen Link nicht öffnen: „{scheme}:“-Links werden nicht unterstützt.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is a login answer, but no login is waiting for it. Start the login from Sluis.</source>
        <translation>Sluis kann diesen Link nicht öffnen: Es ist die Antwort einer Anmeldung, aber keine Anmeldung wartet darauf. Starten Sie die Anmeldung in Sluis.</translation>
    </message>
    <message>
        <source>Sluis could not start its background process: {reason}</source>
        <translation>Sluis konnte seinen Hintergrundprozess nicht starten: {reason}</translation>
    </message>
    <message>
        <source>The window cannot start: Qt needs libxcb-cursor. Install it (Debian/Ubuntu: sudo apt install libxcb-cursor0; Fedora: sudo dnf install xcb-util-cursor) and start Sluis again.</source>
        <translation>Das Fenster kann nicht geöffnet werden: Qt benötigt libxcb-cursor. Installieren Sie es (Debian/Ubuntu: sudo apt install libxcb-cursor0; Fedora: sudo dnf install xcb-util-cursor) und starten Sie Sluis erneut.</translation>
    </message>
    <message>
        <source>The window cannot start: there is no display to show it on (is DISPLAY or WAYLAND_DISPLAY set?). The command line works without one: sluis --help.</source>
        <translation>Das Fenster kann nicht geöffnet werden: Es gibt keine Anzeige, auf der es erscheinen kann (ist DISPLAY oder WAYLAND_DISPLAY gesetzt?). Die Befehlszeile funktioniert auch ohne: sluis --help.</translation>
    </message>
    <message>
        <source>The window cannot start: Qt could not load its platform plugin &quot;{platform}&quot; (see QT_QPA_PLATFORM and the Qt packages of your system).</source>
        <translation>Das Fenster kann nicht geöffnet werden: Qt konnte das Plattform-Plugin „{platform}“ nicht laden (siehe QT_QPA_PLATFORM und die Qt-Pakete Ihres Systems).</translation>
    </message>
    <message>
        <source>the server did not answer in time</source>
        <translation>der Server hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <source>its TLS certificate could not be verified</source>
        <translation>sein TLS-Zertifikat konnte nicht überprüft werden</translation>
    </message>
    <message>
        <source>no server has that name; check the address</source>
        <translation>es gibt keinen Server mit diesem Namen; prüfen Sie die Adresse</translation>
    </message>
    <message>
        <source>the connection failed</source>
        <translation>die Verbindung ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>The WireGuard over TCP proxy at {host} failed: {detail}</source>
        <translation>Der WireGuard-über-TCP-Proxy auf {host} ist fehlgeschlagen: {detail}</translation>
    </message>
</context>
<context>
    <name>HelpPage</name>
    <message>
        <source>About Sluis</source>
        <translation>Über Sluis</translation>
    </message>
    <message>
        <source>Logins are kept in the system keyring ({backend}).</source>
        <translation>Anmeldungen werden im Schlüsselbund des Systems gespeichert ({backend}).</translation>
    </message>
    <message>
        <source>No secure keyring is available: logins are kept only until Sluis quits, and you will have to log in again after a restart.</source>
        <translation>Es ist kein sicherer Schlüsselbund verfügbar: Anmeldungen bleiben nur bis zum Beenden von Sluis erhalten, nach einem Neustart müssen Sie sich erneut anmelden.</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version:</translation>
    </message>
    <message>
        <source>VPN backend:</source>
        <translation>VPN-Backend:</translation>
    </message>
    <message>
        <source>Keyring:</source>
        <translation>Schlüsselbund:</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Support</translation>
    </message>
    <message>
        <source>Support contacts</source>
        <translation>Support-Kontakte</translation>
    </message>
    <message>
        <source>A diagnostics file helps your helpdesk: it holds versions, settings, your servers&apos; addresses and the recent log, without passwords, tokens or keys.</source>
        <translation>Eine Diagnosedatei hilft Ihrem Helpdesk: Sie enthält Versionen, Einstellungen, die Adressen Ihrer Server und das aktuelle Protokoll, ohne Passwörter, Tokens oder Schlüssel.</translation>
    </message>
    <message>
        <source>Save &amp;diagnostics…</source>
        <translation>&amp;Diagnose speichern…</translation>
    </message>
    <message>
        <source>Save diagnostics</source>
        <translation>Diagnose speichern</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Textdateien (*.txt)</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Gespeichert unter {path}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import a VPN profile from %1?</source>
        <translation>Ein VPN-Profil von %1 importieren?</translation>
    </message>
    <message>
        <source>Sluis downloads the profile once from this server and keeps it privately. Only import profiles from a server you trust.</source>
        <translation>Sluis lädt das Profil einmal von diesem Server herunter und bewahrt es privat auf. Importieren Sie nur Profile von einem Server, dem Sie vertrauen.</translation>
    </message>
    <message>
        <source>Import the VPN profile in %1?</source>
        <translation>Das VPN-Profil in %1 importieren?</translation>
    </message>
    <message>
        <source>Sluis keeps a private copy of the profile. Only import profiles you trust.</source>
        <translation>Sluis bewahrt eine private Kopie des Profils auf. Importieren Sie nur Profile, denen Sie vertrauen.</translation>
    </message>
    <message>
        <source>Import VPN profile</source>
        <translation>VPN-Profil importieren</translation>
    </message>
    <message>
        <source>Sluis</source>
        <translation>Sluis</translation>
    </message>
    <message>
        <source>VPN profiles (*.ovpn *.conf)</source>
        <translation>VPN-Profile (*.ovpn *.conf)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>LocationDialog</name>
    <message>
        <source>Secure Internet locations</source>
        <translation>Standorte von Sicheres Internet</translation>
    </message>
    <message>
        <source>{server} connects you to the internet through one of these countries.</source>
        <translation>{server} verbindet Sie über eines dieser Länder mit dem Internet.</translation>
    </message>
    <message>
        <source>Locations</source>
        <translation>Standorte</translation>
    </message>
    <message>
        <source>{location} (in use)</source>
        <translation>{location} (in Verwendung)</translation>
    </message>
    <message>
        <source>&amp;Use location</source>
        <translation>Standort &amp;verwenden</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>VPN login</source>
        <translation>VPN-Anmeldung</translation>
    </message>
    <message>
        <source>“{profile}” asks for one more answer to connect.</source>
        <translation>„{profile}“ verlangt für die Verbindung noch eine weitere Antwort.</translation>
    </message>
    <message>
        <source>“{profile}” asks for your VPN username and password.</source>
        <translation>„{profile}“ fragt nach Ihrem VPN-Benutzernamen und -Passwort.</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <source>&amp;Remember the username and password in the system keyring</source>
        <translation>Benutzername und Passwort im Schlüsselbund des Systems &amp;speichern</translation>
    </message>
    <message>
        <source>C&amp;onnect</source>
        <translation>&amp;Verbinden</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Stat&amp;us</source>
        <translation>Stat&amp;us</translation>
    </message>
    <message>
        <source>Ser&amp;vers</source>
        <translation>&amp;Server</translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>The state of your VPN connection</source>
        <translation>Der Zustand Ihrer VPN-Verbindung</translation>
    </message>
    <message>
        <source>Sluis keeps running in the system tray. Use Quit in its menu to end it.</source>
        <translation>Sluis läuft im Infobereich weiter. Zum Beenden wählen Sie „Beenden“ im Menü des Symbols.</translation>
    </message>
    <message>
        <source>Quit Sluis</source>
        <translation>Sluis beenden</translation>
    </message>
    <message>
        <source>Quitting ends the VPN connection to {server}.</source>
        <translation>Beenden trennt die VPN-Verbindung zu {server}.</translation>
    </message>
    <message>
        <source>&amp;Quit and disconnect</source>
        <translation>&amp;Beenden und trennen</translation>
    </message>
    <message>
        <source>Click here to log in again and renew the session.</source>
        <translation>Klicken Sie hier, um sich erneut anzumelden und die Sitzung zu verlängern.</translation>
    </message>
</context>
<context>
    <name>ProfilesPage</name>
    <message>
        <source>Choose a profile</source>
        <translation>Profil wählen</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Profile</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>This profile offers no VPN protocol Sluis can use.</source>
        <translation>Dieses Profil bietet kein VPN-Protokoll, das Sluis verwenden kann.</translation>
    </message>
</context>
<context>
    <name>ServersPage</name>
    <message>
        <source>Your servers</source>
        <translation>Ihre Server</translation>
    </message>
    <message>
        <source>No servers yet. Add one to get started.</source>
        <translation>Noch keine Server. Fügen Sie einen hinzu, um zu beginnen.</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>&amp;Add server…</source>
        <translation>Server hin&amp;zufügen…</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>&amp;Log in again</source>
        <translation>Erneut &amp;anmelden</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Change l&amp;ocation…</source>
        <translation>Standort ä&amp;ndern…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Entfernen…</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>&amp;Mehr</translation>
    </message>
    <message>
        <source>More actions for the selected server</source>
        <translation>Weitere Aktionen für den ausgewählten Server</translation>
    </message>
    <message>
        <source>&amp;Import profile…</source>
        <translation>Profil &amp;importieren…</translation>
    </message>
    <message>
        <source>Import a VPN profile file</source>
        <translation>Eine VPN-Profildatei importieren</translation>
    </message>
    <message>
        <source>Import an OpenVPN (.ovpn) or WireGuard (.conf) profile file</source>
        <translation>Eine OpenVPN- (.ovpn) oder WireGuard-Profildatei (.conf) importieren</translation>
    </message>
    <message>
        <source>Institute Access</source>
        <translation>Institutszugang</translation>
    </message>
    <message>
        <source>Secure Internet</source>
        <translation>Sicheres Internet</translation>
    </message>
    <message>
        <source>Other servers</source>
        <translation>Andere Server</translation>
    </message>
    <message>
        <source>Imported profiles</source>
        <translation>Importierte Profile</translation>
    </message>
    <message>
        <source>{name} (no longer listed)</source>
        <translation>{name} (nicht mehr gelistet)</translation>
    </message>
    <message>
        <source>{url}: this server is no longer in the eduVPN server list.</source>
        <translation>{url}: Dieser Server steht nicht mehr in der eduVPN-Serverliste.</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Trennen</translation>
    </message>
    <message>
        <source>Remove server</source>
        <translation>Server entfernen</translation>
    </message>
    <message>
        <source>Remove {name}? Sluis forgets its login, and a connection to it ends.</source>
        <translation>{name} entfernen? Sluis vergisst die Anmeldung, und eine Verbindung dorthin wird beendet.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Prefer T&amp;CP (for networks that block UDP)</source>
        <translation>T&amp;CP bevorzugen (für Netze, die UDP sperren)</translation>
    </message>
    <message>
        <source>Start at lo&amp;gin</source>
        <translation>Bei der A&amp;nmeldung starten</translation>
    </message>
    <message>
        <source>Start hi&amp;dden (in the tray)</source>
        <translation>&amp;Versteckt starten (im Infobereich)</translation>
    </message>
    <message>
        <source>&amp;Reconnect to the last server at start</source>
        <translation>Beim Start mit dem letzten Server ve&amp;rbinden</translation>
    </message>
    <message>
        <source>Show the &amp;eduVPN server search</source>
        <translation>Die eduVPN-Serversuche an&amp;zeigen</translation>
    </message>
    <message>
        <source>Preferred protocol</source>
        <translation>Bevorzugtes Protokoll</translation>
    </message>
    <message>
        <source>Let the server choose</source>
        <translation>Den Server wählen lassen</translation>
    </message>
    <message>
        <source>Preferred &amp;protocol:</source>
        <translation>Bevorzugtes &amp;Protokoll:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>Spr&amp;ache:</translation>
    </message>
    <message>
        <source>When a profile sends all traffic through the VPN, Sluis sends every DNS lookup through it too, and blocks IPv6 outside the VPN if the VPN carries only IPv4.</source>
        <translation>Wenn ein Profil den gesamten Verkehr über das VPN leitet, leitet Sluis auch jede DNS-Anfrage darüber und sperrt IPv6 außerhalb des VPN, wenn das VPN nur IPv4 überträgt.</translation>
    </message>
    <message>
        <source>Settings marked as managed are set by your organization.</source>
        <translation>Als verwaltet markierte Einstellungen legt Ihre Organisation fest.</translation>
    </message>
    <message>
        <source>Managed by your organization</source>
        <translation>Von Ihrer Organisation verwaltet</translation>
    </message>
    <message>
        <source> (managed)</source>
        <translation> (verwaltet)</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>Valid for {hours} h {minutes} min</source>
        <translation>Noch {hours} Std. {minutes} Min. gültig</translation>
    </message>
    <message>
        <source>Valid for {minutes} min {seconds} s</source>
        <translation>Noch {minutes} Min. {seconds} Sek. gültig</translation>
    </message>
    <message>
        <source>Your VPN session has ended. Log in again to reconnect.</source>
        <translation>Ihre VPN-Sitzung ist abgelaufen. Melden Sie sich erneut an, um wieder zu verbinden.</translation>
    </message>
    <message numerus="yes">
        <source>Your VPN session ends in %n hour(s).</source>
        <translation>
            <numerusform>Ihre VPN-Sitzung endet in %n Stunde.</numerusform>
            <numerusform>Ihre VPN-Sitzung endet in %n Stunden.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <source>Waiting for you to log in in the web browser…</source>
        <translation>Warten auf Ihre Anmeldung im Webbrowser…</translation>
    </message>
    <message>
        <source>Choose a profile</source>
        <translation>Profil wählen</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinden…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <source>Disconnecting…</source>
        <translation>Trennen…</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Verbindung wird wiederhergestellt…</translation>
    </message>
    <message>
        <source>WireGuard over TCP</source>
        <translation>WireGuard über TCP</translation>
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
        <translation>Trennen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Connect to {server}</source>
        <translation>Mit {server} verbinden</translation>
    </message>
    <message>
        <source>Show Sluis</source>
        <translation>Sluis anzeigen</translation>
    </message>
    <message>
        <source>Quit Sluis</source>
        <translation>Sluis beenden</translation>
    </message>
    <message>
        <source>Sluis: {status}</source>
        <translation>Sluis: {status}</translation>
    </message>
</context>
</TS>
