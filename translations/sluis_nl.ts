<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="nl_NL">
<context>
    <name>AddServerPage</name>
    <message>
        <source>Add a server</source>
        <translation>Een server toevoegen</translation>
    </message>
    <message>
        <source>&amp;Search for your institute, organization or server:</source>
        <translation>&amp;Zoek je instelling, organisatie of server:</translation>
    </message>
    <message>
        <source>University name, city or vpn.example.org</source>
        <translation>Naam van de universiteit, plaats of vpn.example.org</translation>
    </message>
    <message>
        <source>Search for a server</source>
        <translation>Een server zoeken</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>Server&amp;adres:</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradres</translation>
    </message>
    <message>
        <source>Add this server</source>
        <translation>Deze server toevoegen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Log in in your web browser to finish adding the server.</source>
        <translation>Log in in je webbrowser om het toevoegen van de server af te ronden.</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Location</source>
        <translation>Locatie</translation>
    </message>
    <message>
        <source>Connection status</source>
        <translation>Verbindingsstatus</translation>
    </message>
    <message>
        <source>Connection state picture</source>
        <translation>Afbeelding van de verbindingsstatus</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profiel</translation>
    </message>
    <message>
        <source>Change &amp;profile…</source>
        <translation>&amp;Profiel wijzigen…</translation>
    </message>
    <message>
        <source>Change profile</source>
        <translation>Profiel wijzigen</translation>
    </message>
    <message>
        <source>Choose another profile of this server</source>
        <translation>Een ander profiel van deze server kiezen</translation>
    </message>
    <message>
        <source>Session validity</source>
        <translation>Geldigheid van de sessie</translation>
    </message>
    <message>
        <source>&amp;Renew session</source>
        <translation>Sessie ve&amp;rnieuwen</translation>
    </message>
    <message>
        <source>Log in again to start a new session</source>
        <translation>Opnieuw inloggen om een nieuwe sessie te starten</translation>
    </message>
    <message>
        <source>Connection details</source>
        <translation>Verbindingsgegevens</translation>
    </message>
    <message>
        <source>Connected for</source>
        <translation>Verbindingsduur</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Geldig tot</translation>
    </message>
    <message>
        <source>IPv4 address</source>
        <translation>IPv4-adres</translation>
    </message>
    <message>
        <source>IPv6 address</source>
        <translation>IPv6-adres</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocol</translation>
    </message>
    <message>
        <source>Data received</source>
        <translation>Ontvangen gegevens</translation>
    </message>
    <message>
        <source>Data sent</source>
        <translation>Verzonden gegevens</translation>
    </message>
    <message>
        <source>Connected for:</source>
        <translation>Verbindingsduur:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Geldig tot:</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Ontvangen:</translation>
    </message>
    <message>
        <source>Sent:</source>
        <translation>Verzonden:</translation>
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
        <translation>Je VPN-sessie is afgelopen. Log opnieuw in om weer te verbinden.</translation>
    </message>
    <message>
        <source>&amp;Log in again</source>
        <translation>Opnieuw &amp;inloggen</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>Protocol:</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>Verbinding &amp;verbreken</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Annuleren</translation>
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
        <translation>Melding over de serverlijst</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Dismiss the server list notice</source>
        <translation>De melding over de serverlijst sluiten</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Zoekopdracht wissen</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Zoekresultaten</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Serveradres</translation>
    </message>
    <message>
        <source>Institute Access</source>
        <translation>Instellingstoegang</translation>
    </message>
    <message>
        <source>Secure Internet</source>
        <translation>Veilig internet</translation>
    </message>
    <message>
        <source>Type the name of your institute or organization, or the address of a server.</source>
        <translation>Typ de naam van je instelling of organisatie, of het adres van een server.</translation>
    </message>
    <message>
        <source>Nothing matches “{query}”. Check the spelling, or type the server&apos;s address, like vpn.example.org.</source>
        <translation>Niets gevonden voor “{query}”. Controleer de spelling, of typ het adres van de server, zoals vpn.example.org.</translation>
    </message>
    <message>
        <source>Add {address}</source>
        <translation>{address} toevoegen</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error</source>
        <translation>Fout</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Foutmelding</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Sluiten</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Opnieuw proberen</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Details kopiëren</translation>
    </message>
    <message>
        <source>Copy the error message to the clipboard</source>
        <translation>De foutmelding naar het klembord kopiëren</translation>
    </message>
    <message>
        <source>Check the address</source>
        <translation>Adres controleren</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The list of eduVPN servers ({file}) could not be updated: {detail}</source>
        <translation>De lijst met eduVPN-servers ({file}) kon niet worden bijgewerkt: {detail}</translation>
    </message>
    <message>
        <source>The discovery setting {name} is not valid: {detail}</source>
        <translation>De discovery-instelling {name} is ongeldig: {detail}</translation>
    </message>
    <message>
        <source>Could not download {file} from {host}: {detail}</source>
        <translation>Kon {file} niet downloaden van {host}: {detail}</translation>
    </message>
    <message>
        <source>{host} did not send {file} within {seconds} seconds.</source>
        <translation>{host} heeft {file} niet binnen {seconds} seconden gestuurd.</translation>
    </message>
    <message>
        <source>{file} from {host} is larger than {limit} bytes; refusing it.</source>
        <translation>{file} van {host} is groter dan {limit} bytes; geweigerd.</translation>
    </message>
    <message>
        <source>Refusing to download {file} from {url}: only secure https:// addresses are allowed.</source>
        <translation>{file} wordt niet gedownload van {url}: alleen veilige https://-adressen zijn toegestaan.</translation>
    </message>
    <message>
        <source>{host} answered {file} with HTTP status {status}.</source>
        <translation>{host} beantwoordde {file} met HTTP-status {status}.</translation>
    </message>
    <message>
        <source>The signature of {file} is not valid: {detail}</source>
        <translation>De handtekening van {file} is ongeldig: {detail}</translation>
    </message>
    <message>
        <source>The signature file of {file} is damaged or not a minisign signature ({detail}).</source>
        <translation>Het handtekeningbestand van {file} is beschadigd of geen minisign-handtekening ({detail}).</translation>
    </message>
    <message>
        <source>{file} is signed with a key Sluis does not trust (key id {key_id}).</source>
        <translation>{file} is ondertekend met een sleutel die Sluis niet vertrouwt (sleutel-id {key_id}).</translation>
    </message>
    <message>
        <source>{file} does not match its signature; it may have been altered.</source>
        <translation>{file} komt niet overeen met de handtekening; het bestand is mogelijk gewijzigd.</translation>
    </message>
    <message>
        <source>{file} has a legacy signature, but Sluis is set to accept only prehashed signatures.</source>
        <translation>{file} heeft een verouderde handtekening, maar Sluis accepteert alleen prehashed handtekeningen.</translation>
    </message>
    <message>
        <source>The signature received for {file} was made for {signed_file}.</source>
        <translation>De ontvangen handtekening voor {file} is gemaakt voor {signed_file}.</translation>
    </message>
    <message>
        <source>The downloaded {file} (version {v}) is older than the one Sluis already has (version {previous_v}); keeping the newer one.</source>
        <translation>Het gedownloade {file} (versie {v}) is ouder dan het bestand dat Sluis al heeft (versie {previous_v}); de nieuwere versie blijft in gebruik.</translation>
    </message>
    <message>
        <source>{file} is not a valid discovery list: {detail}</source>
        <translation>{file} is geen geldige discovery-lijst: {detail}</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>Er ging iets mis: {detail}</translation>
    </message>
    <message>
        <source>Could not reach {host}: {detail}</source>
        <translation>Kon {host} niet bereiken: {detail}</translation>
    </message>
    <message>
        <source>The server {host} sent a larger answer than Sluis accepts (over {limit} bytes); it was not used.</source>
        <translation>De server {host} stuurde een groter antwoord dan Sluis accepteert (meer dan {limit} bytes); het is niet gebruikt.</translation>
    </message>
    <message>
        <source>The server {host} did not send its whole answer within {seconds} seconds; Sluis stopped waiting.</source>
        <translation>De server {host} stuurde zijn antwoord niet volledig binnen {seconds} seconden; Sluis wacht niet langer.</translation>
    </message>
    <message>
        <source>The server redirected to {url}, which is not a secure https:// address; refusing it.</source>
        <translation>De server verwees door naar {url}, dat geen veilig https://-adres is; geweigerd.</translation>
    </message>
    <message>
        <source>“{url}” is not a valid server address: {detail}</source>
        <translation>“{url}” is geen geldig serveradres: {detail}</translation>
    </message>
    <message>
        <source>The server at {host} does not support API v3; it may run an older eduVPN version (2.x).</source>
        <translation>De server op {host} ondersteunt API v3 niet; mogelijk draait er een oudere eduVPN-versie (2.x).</translation>
    </message>
    <message>
        <source>The server sent a response Sluis cannot use: {detail}</source>
        <translation>De server stuurde een antwoord waar Sluis niets mee kan: {detail}</translation>
    </message>
    <message>
        <source>The server refused the request ({status}): {server_message}</source>
        <translation>De server weigerde het verzoek ({status}): {server_message}</translation>
    </message>
    <message>
        <source>The profile is not available on this server (or you may not use it): {server_message}</source>
        <translation>Het profiel is niet beschikbaar op deze server (of je mag het niet gebruiken): {server_message}</translation>
    </message>
    <message>
        <source>This profile offers no VPN protocol that Sluis can run here: {server_message}</source>
        <translation>Dit profiel biedt geen VPN-protocol dat Sluis hier kan gebruiken: {server_message}</translation>
    </message>
    <message>
        <source>Logging in failed: {detail}</source>
        <translation>Inloggen is mislukt: {detail}</translation>
    </message>
    <message>
        <source>The login answer did not come from {host}, the server you are logging in to. Please try again.</source>
        <translation>Het antwoord op het inloggen kwam niet van {host}, de server waarop u inlogt. Probeer het opnieuw.</translation>
    </message>
    <message>
        <source>Your authorization for {host} has ended. Please log in again to continue.</source>
        <translation>Je autorisatie voor {host} is verlopen. Log opnieuw in om verder te gaan.</translation>
    </message>
    <message>
        <source>The VPN configuration is not valid: {detail}</source>
        <translation>De VPN-configuratie is ongeldig: {detail}</translation>
    </message>
    <message>
        <source>Line {line} of the VPN configuration says “{directive}”, which Sluis does not allow: a VPN profile may not run programs, load libraries, use files or change how Sluis runs OpenVPN.</source>
        <translation>Regel {line} van de VPN-configuratie zegt “{directive}”, wat Sluis niet toestaat: een VPN-profiel mag geen programma’s starten, bibliotheken laden, bestanden gebruiken of veranderen hoe Sluis OpenVPN uitvoert.</translation>
    </message>
    <message>
        <source>No secure password store (keyring) is available; your login is kept only until Sluis quits.</source>
        <translation>Er is geen veilige wachtwoordopslag (sleutelbos) beschikbaar; je login blijft alleen bewaard tot Sluis stopt.</translation>
    </message>
    <message>
        <source>No server {url} has been added. Add it first.</source>
        <translation>Er is geen server {url} toegevoegd. Voeg deze eerst toe.</translation>
    </message>
    <message>
        <source>Could not save Sluis&apos;s data in {path}: {detail}</source>
        <translation>Kon de gegevens van Sluis niet opslaan in {path}: {detail}</translation>
    </message>
    <message>
        <source>The folder {path} is not private to you (another user owns it); Sluis will not use it.</source>
        <translation>De map {path} is niet alleen van jou (een andere gebruiker is de eigenaar); Sluis gebruikt hem niet.</translation>
    </message>
    <message>
        <source>The folder {path} is not private to you (it is a symbolic link); Sluis will not use it.</source>
        <translation>De map {path} is niet alleen van jou (het is een symbolische koppeling); Sluis gebruikt hem niet.</translation>
    </message>
    <message>
        <source>{path} is not a folder; Sluis will not keep its files there.</source>
        <translation>{path} is geen map; Sluis bewaart daar zijn bestanden niet.</translation>
    </message>
    <message>
        <source>The server {url} was set up by your organization and cannot be removed.</source>
        <translation>De server {url} is ingesteld door je organisatie en kan niet worden verwijderd.</translation>
    </message>
    <message>
        <source>Your organization allows only the servers it has set up; {url} cannot be added.</source>
        <translation>Je organisatie staat alleen de servers toe die zij heeft ingesteld; {url} kan niet worden toegevoegd.</translation>
    </message>
    <message>
        <source>The profile could not be imported: {detail}</source>
        <translation>Het profiel kon niet worden geïmporteerd: {detail}</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was added.</source>
        <translation>Het importeren is geannuleerd; er is niets toegevoegd.</translation>
    </message>
    <message>
        <source>The local control channel of Sluis is not usable: {detail}</source>
        <translation>Het lokale besturingskanaal van Sluis is niet bruikbaar: {detail}</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: {detail}</source>
        <translation>Sluis kan deze link niet openen: {detail}</translation>
    </message>
    <message>
        <source>The VPN tunnel could not be set up: {detail}</source>
        <translation>De VPN-tunnel kon niet worden opgezet: {detail}</translation>
    </message>
    <message>
        <source>Sluis may not connect with {protocol} here: this computer&apos;s settings require {required}.</source>
        <translation>Sluis mag hier geen verbinding maken met {protocol}: de instellingen van deze computer vereisen {required}.</translation>
    </message>
    <message>
        <source>The VPN profile “{profile}” needs your username and password.</source>
        <translation>Het VPN-profiel “{profile}” heeft je gebruikersnaam en wachtwoord nodig.</translation>
    </message>
    <message>
        <source>The VPN server did not accept the username or password.</source>
        <translation>De VPN-server heeft de gebruikersnaam of het wachtwoord niet geaccepteerd.</translation>
    </message>
    <message>
        <source>The VPN server did not accept the username or password. Sluis has forgotten the remembered login and asks for it next time.</source>
        <translation>De VPN-server heeft de gebruikersnaam of het wachtwoord niet geaccepteerd. Sluis is de onthouden login vergeten en vraagt er de volgende keer opnieuw om.</translation>
    </message>
    <message>
        <source>The login answer did not belong to this login attempt (state mismatch). Please try again.</source>
        <translation>Het antwoord hoorde niet bij deze inlogpoging (state komt niet overeen). Probeer het opnieuw.</translation>
    </message>
    <message>
        <source>The login was cancelled or refused.</source>
        <translation>Het inloggen is geannuleerd of geweigerd.</translation>
    </message>
    <message>
        <source>Only Secure Internet servers have locations.</source>
        <translation>Alleen Veilig internet-servers hebben locaties.</translation>
    </message>
    <message>
        <source>{url} is not a Secure Internet location.</source>
        <translation>{url} is geen locatie van Veilig internet.</translation>
    </message>
    <message>
        <source>No organization “{org}” is listed.</source>
        <translation>Er staat geen organisatie “{org}” in de lijst.</translation>
    </message>
    <message>
        <source>The Secure Internet server of “{org}” is not listed.</source>
        <translation>De Secure Internet-server van “{org}” staat niet in de lijst.</translation>
    </message>
    <message>
        <source>No institute {url} is listed.</source>
        <translation>Er staat geen instelling {url} in de lijst.</translation>
    </message>
    <message>
        <source>This server offers you no VPN profiles.</source>
        <translation>Deze server biedt je geen VPN-profielen aan.</translation>
    </message>
    <message>
        <source>The server has no profile “{profile}”. Available: {available}</source>
        <translation>De server heeft geen profiel “{profile}”. Beschikbaar: {available}</translation>
    </message>
    <message>
        <source>Choose a profile ({available}).</source>
        <translation>Kies een profiel ({available}).</translation>
    </message>
    <message>
        <source>Only secure https:// links can be imported; this one is not.</source>
        <translation>Alleen veilige https://-links kunnen worden geïmporteerd; deze niet.</translation>
    </message>
    <message>
        <source>This openvpn:// link is not a profile import link (openvpn://import-profile/…).</source>
        <translation>Deze openvpn://-link is geen link om een profiel te importeren (openvpn://import-profile/…).</translation>
    </message>
    <message>
        <source>This import link has expired or has already been used. Ask your VPN administrator for a new link.</source>
        <translation>Deze importlink is verlopen of al gebruikt. Vraag je VPN-beheerder om een nieuwe link.</translation>
    </message>
    <message>
        <source>The server may not give you an auto-login profile (your account lacks the auto-login permission). Ask your VPN administrator.</source>
        <translation>De server mag je geen auto-login-profiel geven (je account heeft de auto-login-rechten niet). Vraag het je VPN-beheerder.</translation>
    </message>
    <message>
        <source>The server at {host} refused the import link (HTTP {status}). It may have expired.</source>
        <translation>De server op {host} weigerde de importlink (HTTP {status}). Mogelijk is deze verlopen.</translation>
    </message>
    <message>
        <source>The server at {host} sent the download to an insecure (non-https) address; refused.</source>
        <translation>De server op {host} stuurde de download naar een onveilig adres (geen https); geweigerd.</translation>
    </message>
    <message>
        <source>A key of this imported profile is missing from the keyring. Import the profile again.</source>
        <translation>Een sleutel van dit geïmporteerde profiel ontbreekt in de sleutelbos. Importeer het profiel opnieuw.</translation>
    </message>
    <message>
        <source>The imported profile&apos;s file is gone. Import the profile again.</source>
        <translation>Het bestand van het geïmporteerde profiel is verdwenen. Importeer het profiel opnieuw.</translation>
    </message>
    <message>
        <source>This computer cannot run {protocol} connections.</source>
        <translation>Deze computer kan geen {protocol}-verbindingen maken.</translation>
    </message>
    <message>
        <source>Unknown VPN backend “{name}”. Known: {known}</source>
        <translation>Onbekende VPN-backend “{name}”. Bekend: {known}</translation>
    </message>
    <message>
        <source>No VPN software found: install NetworkManager, or WireGuard tools and OpenVPN.</source>
        <translation>Geen VPN-software gevonden: installeer NetworkManager, of de WireGuard-tools en OpenVPN.</translation>
    </message>
    <message>
        <source>Already connected to {server}. Disconnect first.</source>
        <translation>Al verbonden met {server}. Verbreek eerst die verbinding.</translation>
    </message>
    <message>
        <source>Server discovery is switched off here.</source>
        <translation>Het zoeken naar servers is hier uitgeschakeld.</translation>
    </message>
    <message>
        <source>Importing needs a confirmation: run it in a terminal, or pass --yes.</source>
        <translation>Importeren vraagt om een bevestiging: voer het uit in een terminal, of geef --yes mee.</translation>
    </message>
    <message>
        <source>Could not read the VPN login from file descriptor {fd}: {detail}</source>
        <translation>Kon de VPN-login niet lezen uit bestandsdescriptor {fd}: {detail}</translation>
    </message>
    <message>
        <source>File descriptor {fd} must hold the VPN username on one line and the password on the next.</source>
        <translation>Bestandsdescriptor {fd} moet de VPN-gebruikersnaam op één regel bevatten en het wachtwoord op de volgende.</translation>
    </message>
    <message>
        <source>{reason} Type them in a terminal, pass them with --credentials-fd N (the username and the password on two lines), or keep them in the keyring once with --remember.</source>
        <translation>{reason} Typ ze in een terminal, geef ze mee met --credentials-fd N (de gebruikersnaam en het wachtwoord op twee regels), of bewaar ze één keer in de sleutelbos met --remember.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: the login answer is incomplete.</source>
        <translation>Sluis kan deze link niet openen: het antwoord op de login is onvolledig.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it contains spaces or control characters.</source>
        <translation>Sluis kan deze link niet openen: hij bevat spaties of stuurtekens.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it does not know “sluis://{action}”.</source>
        <translation>Sluis kan deze link niet openen: “sluis://{action}” is onbekend.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it points at a local file.</source>
        <translation>Sluis kan deze link niet openen: hij verwijst naar een lokaal bestand.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is far too long.</source>
        <translation>Sluis kan deze link niet openen: hij is veel te lang.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is not a link.</source>
        <translation>Sluis kan deze link niet openen: het is geen link.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it does not handle “{scheme}:” links.</source>
        <translation>Sluis kan deze link niet openen: Sluis behandelt geen “{scheme}:”-links.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is a login answer, but no login is waiting for it. Start the login from Sluis.</source>
        <translation>Sluis kan deze link niet openen: het is een antwoord op een login, maar er wacht geen login. Start het inloggen vanuit Sluis.</translation>
    </message>
    <message>
        <source>Sluis could not start its background process: {reason}</source>
        <translation>Sluis kon zijn achtergrondproces niet starten: {reason}</translation>
    </message>
    <message>
        <source>The window cannot start: Qt needs libxcb-cursor. Install it (Debian/Ubuntu: sudo apt install libxcb-cursor0; Fedora: sudo dnf install xcb-util-cursor) and start Sluis again.</source>
        <translation>Het venster kan niet worden geopend: Qt heeft libxcb-cursor nodig. Installeer het (Debian/Ubuntu: sudo apt install libxcb-cursor0; Fedora: sudo dnf install xcb-util-cursor) en start Sluis opnieuw.</translation>
    </message>
    <message>
        <source>The window cannot start: there is no display to show it on (is DISPLAY or WAYLAND_DISPLAY set?). The command line works without one: sluis --help.</source>
        <translation>Het venster kan niet worden geopend: er is geen beeldscherm om het op te tonen (is DISPLAY of WAYLAND_DISPLAY ingesteld?). De opdrachtregel werkt ook zonder: sluis --help.</translation>
    </message>
    <message>
        <source>The window cannot start: Qt could not load its platform plugin &quot;{platform}&quot; (see QT_QPA_PLATFORM and the Qt packages of your system).</source>
        <translation>Het venster kan niet worden geopend: Qt kon zijn platformplug-in &quot;{platform}&quot; niet laden (zie QT_QPA_PLATFORM en de Qt-pakketten van je systeem).</translation>
    </message>
    <message>
        <source>the server did not answer in time</source>
        <translation>de server antwoordde niet op tijd</translation>
    </message>
    <message>
        <source>its TLS certificate could not be verified</source>
        <translation>het TLS-certificaat kon niet worden geverifieerd</translation>
    </message>
    <message>
        <source>no server has that name; check the address</source>
        <translation>er bestaat geen server met die naam; controleer het adres</translation>
    </message>
    <message>
        <source>the connection failed</source>
        <translation>de verbinding is mislukt</translation>
    </message>
    <message>
        <source>The WireGuard over TCP proxy at {host} failed: {detail}</source>
        <translation>De WireGuard-over-TCP-proxy op {host} is mislukt: {detail}</translation>
    </message>
</context>
<context>
    <name>HelpPage</name>
    <message>
        <source>About Sluis</source>
        <translation>Over Sluis</translation>
    </message>
    <message>
        <source>Logins are kept in the system keyring ({backend}).</source>
        <translation>Logins worden bewaard in de sleutelbos van het systeem ({backend}).</translation>
    </message>
    <message>
        <source>No secure keyring is available: logins are kept only until Sluis quits, and you will have to log in again after a restart.</source>
        <translation>Er is geen veilige sleutelbos beschikbaar: logins worden alleen bewaard tot Sluis stopt, en na een herstart moet je opnieuw inloggen.</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Versie:</translation>
    </message>
    <message>
        <source>VPN backend:</source>
        <translation>VPN-backend:</translation>
    </message>
    <message>
        <source>Keyring:</source>
        <translation>Sleutelbos:</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Ondersteuning</translation>
    </message>
    <message>
        <source>Support contacts</source>
        <translation>Contactgegevens voor ondersteuning</translation>
    </message>
    <message>
        <source>A diagnostics file helps your helpdesk: it holds versions, settings, your servers&apos; addresses and the recent log, without passwords, tokens or keys.</source>
        <translation>Een diagnosebestand helpt je helpdesk: het bevat versies, instellingen, de adressen van je servers en het recente logboek, zonder wachtwoorden, tokens of sleutels.</translation>
    </message>
    <message>
        <source>Save &amp;diagnostics…</source>
        <translation>&amp;Diagnose opslaan…</translation>
    </message>
    <message>
        <source>Save diagnostics</source>
        <translation>Diagnose opslaan</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Tekstbestanden (*.txt)</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Opgeslagen in {path}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import a VPN profile from %1?</source>
        <translation>Een VPN-profiel importeren van %1?</translation>
    </message>
    <message>
        <source>Sluis downloads the profile once from this server and keeps it privately. Only import profiles from a server you trust.</source>
        <translation>Sluis downloadt het profiel één keer van deze server en bewaart het privé. Importeer alleen profielen van een server die je vertrouwt.</translation>
    </message>
    <message>
        <source>Import the VPN profile in %1?</source>
        <translation>Het VPN-profiel in %1 importeren?</translation>
    </message>
    <message>
        <source>Sluis keeps a private copy of the profile. Only import profiles you trust.</source>
        <translation>Sluis bewaart een privékopie van het profiel. Importeer alleen profielen die je vertrouwt.</translation>
    </message>
    <message>
        <source>Import VPN profile</source>
        <translation>VPN-profiel importeren</translation>
    </message>
    <message>
        <source>Sluis</source>
        <translation>Sluis</translation>
    </message>
    <message>
        <source>VPN profiles (*.ovpn *.conf)</source>
        <translation>VPN-profielen (*.ovpn *.conf)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle bestanden (*)</translation>
    </message>
</context>
<context>
    <name>LocationDialog</name>
    <message>
        <source>Secure Internet locations</source>
        <translation>Locaties van Veilig internet</translation>
    </message>
    <message>
        <source>{server} connects you to the internet through one of these countries.</source>
        <translation>{server} verbindt je met het internet via een van deze landen.</translation>
    </message>
    <message>
        <source>Locations</source>
        <translation>Locaties</translation>
    </message>
    <message>
        <source>{location} (in use)</source>
        <translation>{location} (in gebruik)</translation>
    </message>
    <message>
        <source>&amp;Use location</source>
        <translation>Locatie &amp;gebruiken</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>VPN login</source>
        <translation>VPN-login</translation>
    </message>
    <message>
        <source>“{profile}” asks for one more answer to connect.</source>
        <translation>“{profile}” vraagt nog één antwoord om verbinding te maken.</translation>
    </message>
    <message>
        <source>“{profile}” asks for your VPN username and password.</source>
        <translation>“{profile}” vraagt om je VPN-gebruikersnaam en -wachtwoord.</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Gebruikersnaam</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Wachtwoord</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Gebruikersnaam:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Wachtwoord:</translation>
    </message>
    <message>
        <source>&amp;Remember the username and password in the system keyring</source>
        <translation>Gebruikersnaam en wachtwoord &amp;onthouden in de sleutelbos van het systeem</translation>
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
        <translation>&amp;Servers</translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>I&amp;nstellingen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <source>The state of your VPN connection</source>
        <translation>De status van je VPN-verbinding</translation>
    </message>
    <message>
        <source>Sluis keeps running in the system tray. Use Quit in its menu to end it.</source>
        <translation>Sluis blijft actief in het systeemvak. Kies daar Afsluiten in het menu om Sluis te beëindigen.</translation>
    </message>
    <message>
        <source>Quit Sluis</source>
        <translation>Sluis afsluiten</translation>
    </message>
    <message>
        <source>Quitting ends the VPN connection to {server}.</source>
        <translation>Afsluiten verbreekt de VPN-verbinding met {server}.</translation>
    </message>
    <message>
        <source>&amp;Quit and disconnect</source>
        <translation>&amp;Afsluiten en verbinding verbreken</translation>
    </message>
    <message>
        <source>Click here to log in again and renew the session.</source>
        <translation>Klik hier om opnieuw in te loggen en de sessie te verlengen.</translation>
    </message>
</context>
<context>
    <name>ProfilesPage</name>
    <message>
        <source>Choose a profile</source>
        <translation>Kies een profiel</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Profielen</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Terug</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>This profile offers no VPN protocol Sluis can use.</source>
        <translation>Dit profiel biedt geen VPN-protocol dat Sluis kan gebruiken.</translation>
    </message>
</context>
<context>
    <name>ServersPage</name>
    <message>
        <source>Your servers</source>
        <translation>Je servers</translation>
    </message>
    <message>
        <source>No servers yet. Add one to get started.</source>
        <translation>Nog geen servers. Voeg er een toe om te beginnen.</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Servers</translation>
    </message>
    <message>
        <source>&amp;Add server…</source>
        <translation>Server &amp;toevoegen…</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Verbinden</translation>
    </message>
    <message>
        <source>&amp;Log in again</source>
        <translation>Opnieuw &amp;inloggen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>Ve&amp;rwijderen</translation>
    </message>
    <message>
        <source>Change l&amp;ocation…</source>
        <translation>L&amp;ocatie wijzigen…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>Ve&amp;rwijderen…</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>&amp;Meer</translation>
    </message>
    <message>
        <source>More actions for the selected server</source>
        <translation>Meer acties voor de geselecteerde server</translation>
    </message>
    <message>
        <source>&amp;Import profile…</source>
        <translation>Profiel &amp;importeren…</translation>
    </message>
    <message>
        <source>Import a VPN profile file</source>
        <translation>Een VPN-profielbestand importeren</translation>
    </message>
    <message>
        <source>Import an OpenVPN (.ovpn) or WireGuard (.conf) profile file</source>
        <translation>Een OpenVPN-profiel (.ovpn) of WireGuard-profiel (.conf) importeren</translation>
    </message>
    <message>
        <source>Institute Access</source>
        <translation>Instellingstoegang</translation>
    </message>
    <message>
        <source>Secure Internet</source>
        <translation>Veilig internet</translation>
    </message>
    <message>
        <source>Other servers</source>
        <translation>Andere servers</translation>
    </message>
    <message>
        <source>Imported profiles</source>
        <translation>Geïmporteerde profielen</translation>
    </message>
    <message>
        <source>{name} (no longer listed)</source>
        <translation>{name} (niet meer vermeld)</translation>
    </message>
    <message>
        <source>{url}: this server is no longer in the eduVPN server list.</source>
        <translation>{url}: deze server staat niet meer in de eduVPN-serverlijst.</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>Verbinding &amp;verbreken</translation>
    </message>
    <message>
        <source>Remove server</source>
        <translation>Server verwijderen</translation>
    </message>
    <message>
        <source>Remove {name}? Sluis forgets its login, and a connection to it ends.</source>
        <translation>{name} verwijderen? Sluis vergeet de login, en een verbinding ermee wordt verbroken.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Instellingen</translation>
    </message>
    <message>
        <source>Prefer T&amp;CP (for networks that block UDP)</source>
        <translation>T&amp;CP verkiezen (voor netwerken die UDP blokkeren)</translation>
    </message>
    <message>
        <source>Start at lo&amp;gin</source>
        <translation>Starten bij &amp;aanmelden</translation>
    </message>
    <message>
        <source>Start hi&amp;dden (in the tray)</source>
        <translation>Verborgen star&amp;ten (in het systeemvak)</translation>
    </message>
    <message>
        <source>&amp;Reconnect to the last server at start</source>
        <translation>Bij het starten opnieuw met de laatste server ve&amp;rbinden</translation>
    </message>
    <message>
        <source>Show the &amp;eduVPN server search</source>
        <translation>De &amp;eduVPN-serverzoekfunctie tonen</translation>
    </message>
    <message>
        <source>Preferred protocol</source>
        <translation>Voorkeursprotocol</translation>
    </message>
    <message>
        <source>Let the server choose</source>
        <translation>De server laten kiezen</translation>
    </message>
    <message>
        <source>Preferred &amp;protocol:</source>
        <translation>Voorkeurs&amp;protocol:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Taal</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systeemtaal</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>Taa&amp;l:</translation>
    </message>
    <message>
        <source>When a profile sends all traffic through the VPN, Sluis sends every DNS lookup through it too, and blocks IPv6 outside the VPN if the VPN carries only IPv4.</source>
        <translation>Als een profiel al het verkeer via de VPN stuurt, stuurt Sluis ook elke DNS-opzoeking erdoor, en blokkeert het IPv6 buiten de VPN als de VPN alleen IPv4 draagt.</translation>
    </message>
    <message>
        <source>Settings marked as managed are set by your organization.</source>
        <translation>Instellingen die als beheerd zijn gemarkeerd, worden door uw organisatie ingesteld.</translation>
    </message>
    <message>
        <source>Managed by your organization</source>
        <translation>Beheerd door uw organisatie</translation>
    </message>
    <message>
        <source> (managed)</source>
        <translation> (beheerd)</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>Valid for {hours} h {minutes} min</source>
        <translation>Nog {hours} u {minutes} min geldig</translation>
    </message>
    <message>
        <source>Valid for {minutes} min {seconds} s</source>
        <translation>Nog {minutes} min {seconds} s geldig</translation>
    </message>
    <message>
        <source>Your VPN session has ended. Log in again to reconnect.</source>
        <translation>Je VPN-sessie is afgelopen. Log opnieuw in om weer te verbinden.</translation>
    </message>
    <message numerus="yes">
        <source>Your VPN session ends in %n hour(s).</source>
        <translation>
            <numerusform>Je VPN-sessie eindigt over %n uur.</numerusform>
            <numerusform>Je VPN-sessie eindigt over %n uur.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Niet verbonden</translation>
    </message>
    <message>
        <source>Waiting for you to log in in the web browser…</source>
        <translation>Wachten tot je inlogt in de webbrowser…</translation>
    </message>
    <message>
        <source>Choose a profile</source>
        <translation>Kies een profiel</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Verbinden…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Verbonden</translation>
    </message>
    <message>
        <source>Disconnecting…</source>
        <translation>Verbinding verbreken…</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fout</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Opnieuw verbinden…</translation>
    </message>
    <message>
        <source>WireGuard over TCP</source>
        <translation>WireGuard via TCP</translation>
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
        <translation>Verbinding verbreken</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuleren</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Verbinden</translation>
    </message>
    <message>
        <source>Connect to {server}</source>
        <translation>Verbinden met {server}</translation>
    </message>
    <message>
        <source>Show Sluis</source>
        <translation>Sluis tonen</translation>
    </message>
    <message>
        <source>Quit Sluis</source>
        <translation>Sluis afsluiten</translation>
    </message>
    <message>
        <source>Sluis: {status}</source>
        <translation>Sluis: {status}</translation>
    </message>
</context>
</TS>
