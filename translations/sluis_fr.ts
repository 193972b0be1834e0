<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>AddServerPage</name>
    <message>
        <source>Add a server</source>
        <translation>Ajouter un serveur</translation>
    </message>
    <message>
        <source>&amp;Search for your institute, organization or server:</source>
        <translation>&amp;Rechercher votre établissement, organisation ou serveur :</translation>
    </message>
    <message>
        <source>University name, city or vpn.example.org</source>
        <translation>Nom de l’université, ville ou vpn.example.org</translation>
    </message>
    <message>
        <source>Search for a server</source>
        <translation>Rechercher un serveur</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>Adresse du &amp;serveur :</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Adresse du serveur</translation>
    </message>
    <message>
        <source>Add this server</source>
        <translation>Ajouter ce serveur</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Log in in your web browser to finish adding the server.</source>
        <translation>Connectez-vous dans votre navigateur web pour terminer l’ajout du serveur.</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Location</source>
        <translation>Emplacement</translation>
    </message>
    <message>
        <source>Connection status</source>
        <translation>État de la connexion</translation>
    </message>
    <message>
        <source>Connection state picture</source>
        <translation>Illustration de l’état de la connexion</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <source>Change &amp;profile…</source>
        <translation>Changer de pro&amp;fil…</translation>
    </message>
    <message>
        <source>Change profile</source>
        <translation>Changer de profil</translation>
    </message>
    <message>
        <source>Choose another profile of this server</source>
        <translation>Choisir un autre profil de ce serveur</translation>
    </message>
    <message>
        <source>Session validity</source>
        <translation>Validité de la session</translation>
    </message>
    <message>
        <source>&amp;Renew session</source>
        <translation>&amp;Renouveler la session</translation>
    </message>
    <message>
        <source>Log in again to start a new session</source>
        <translation>Se reconnecter pour ouvrir une nouvelle session</translation>
    </message>
    <message>
        <source>Connection details</source>
        <translation>Détails de la connexion</translation>
    </message>
    <message>
        <source>Connected for</source>
        <translation>Durée de connexion</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Valide jusqu’à</translation>
    </message>
    <message>
        <source>IPv4 address</source>
        <translation>Adresse IPv4</translation>
    </message>
    <message>
        <source>IPv6 address</source>
        <translation>Adresse IPv6</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocole</translation>
    </message>
    <message>
        <source>Data received</source>
        <translation>Données reçues</translation>
    </message>
    <message>
        <source>Data sent</source>
        <translation>Données envoyées</translation>
    </message>
    <message>
        <source>Connected for:</source>
        <translation>Durée de connexion :</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Valide jusqu’à :</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Reçu :</translation>
    </message>
    <message>
        <source>Sent:</source>
        <translation>Envoyé :</translation>
    </message>
    <message>
        <source>IPv4:</source>
        <translation>IPv4 :</translation>
    </message>
    <message>
        <source>IPv6:</source>
        <translation>IPv6 :</translation>
    </message>
    <message>
        <source>Your VPN session has ended. Log in again to reconnect.</source>
        <translation>Votre session VPN a pris fin. Reconnectez-vous pour rétablir la connexion.</translation>
    </message>
    <message>
        <source>&amp;Log in again</source>
        <translation>Se c&amp;onnecter à nouveau</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>Protocole :</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>Se &amp;déconnecter</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>A&amp;nnuler</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>Se &amp;connecter</translation>
    </message>
</context>
<context>
    <name>DiscoverySearch</name>
    <message>
        <source>Server list notice</source>
        <translation>Avis sur la liste des serveurs</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Dismiss the server list notice</source>
        <translation>Fermer l’avis sur la liste des serveurs</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Effacer la recherche</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Résultats de la recherche</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Adresse du serveur</translation>
    </message>
    <message>
        <source>Institute Access</source>
        <translation>Accès à l’établissement</translation>
    </message>
    <message>
        <source>Secure Internet</source>
        <translation>Internet sécurisé</translation>
    </message>
    <message>
        <source>Type the name of your institute or organization, or the address of a server.</source>
        <translation>Saisissez le nom de votre établissement ou organisation, ou l’adresse d’un serveur.</translation>
    </message>
    <message>
        <source>Nothing matches “{query}”. Check the spelling, or type the server&apos;s address, like vpn.example.org.</source>
        <translation>Aucun résultat pour « {query} ». Vérifiez l’orthographe ou saisissez l’adresse du serveur, par exemple vpn.example.org.</translation>
    </message>
    <message>
        <source>Add {address}</source>
        <translation>Ajouter {address}</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Message d’erreur</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Fermer</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copier les détails</translation>
    </message>
    <message>
        <source>Copy the error message to the clipboard</source>
        <translation>Copier le message d’erreur dans le presse-papiers</translation>
    </message>
    <message>
        <source>Check the address</source>
        <translation>Vérifier l’adresse</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The list of eduVPN servers ({file}) could not be updated: {detail}</source>
        <translation>La liste des serveurs eduVPN ({file}) n’a pas pu être mise à jour : {detail}</translation>
    </message>
    <message>
        <source>The discovery setting {name} is not valid: {detail}</source>
        <translation>Le paramètre de découverte {name} n’est pas valide : {detail}</translation>
    </message>
    <message>
        <source>Could not download {file} from {host}: {detail}</source>
        <translation>Impossible de télécharger {file} depuis {host} : {detail}</translation>
    </message>
    <message>
        <source>{host} did not send {file} within {seconds} seconds.</source>
        <translation>{host} n’a pas envoyé {file} en moins de {seconds} secondes.</translation>
    </message>
    <message>
        <source>{file} from {host} is larger than {limit} bytes; refusing it.</source>
        <translation>{file} provenant de {host} dépasse {limit} octets ; il est refusé.</translation>
    </message>
    <message>
        <source>Refusing to download {file} from {url}: only secure https:// addresses are allowed.</source>
        <translation>Téléchargement de {file} depuis {url} refusé : seules les adresses https:// sécurisées sont autorisées.</translation>
    </message>
    <message>
        <source>{host} answered {file} with HTTP status {status}.</source>
        <translation>{host} a répondu à la demande de {file} avec le code HTTP {status}.</translation>
    </message>
    <message>
        <source>The signature of {file} is not valid: {detail}</source>
        <translation>La signature de {file} n’est pas valide : {detail}</translation>
    </message>
    <message>
        <source>The signature file of {file} is damaged or not a minisign signature ({detail}).</source>
        <translation>Le fichier de signature de {file} est endommagé ou n’est pas une signature minisign ({detail}).</translation>
    </message>
    <message>
        <source>{file} is signed with a key Sluis does not trust (key id {key_id}).</source>
        <translation>{file} est signé avec une clé à laquelle Sluis ne fait pas confiance (identifiant de clé {key_id}).</translation>
    </message>
    <message>
        <source>{file} does not match its signature; it may have been altered.</source>
        <translation>{file} ne correspond pas à sa signature ; il a peut-être été modifié.</translation>
    </message>
    <message>
        <source>{file} has a legacy signature, but Sluis is set to accept only prehashed signatures.</source>
        <translation>{file} a une signature ancienne, mais Sluis est configuré pour n’accepter que les signatures préhachées.</translation>
    </message>
    <message>
        <source>The signature received for {file} was made for {signed_file}.</source>
        <translation>La signature reçue pour {file} a été faite pour {signed_file}.</translation>
    </message>
    <message>
        <source>The downloaded {file} (version {v}) is older than the one Sluis already has (version {previous_v}); keeping the newer one.</source>
        <translation>Le fichier {file} téléchargé (version {v}) est plus ancien que celui dont Sluis dispose déjà (version {previous_v}) ; la version la plus récente est conservée.</translation>
    </message>
    <message>
        <source>{file} is not a valid discovery list: {detail}</source>
        <translation>{file} n’est pas une liste de découverte valide : {detail}</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>Une erreur s’est produite : {detail}</translation>
    </message>
    <message>
        <source>Could not reach {host}: {detail}</source>
        <translation>Impossible de joindre {host} : {detail}</translation>
    </message>
    <message>
        <source>The server {host} sent a larger answer than Sluis accepts (over {limit} bytes); it was not used.</source>
        <translation>Le serveur {host} a envoyé une réponse plus grande que ce que Sluis accepte (plus de {limit} octets) ; elle n’a pas été utilisée.</translation>
    </message>
    <message>
        <source>The server {host} did not send its whole answer within {seconds} seconds; Sluis stopped waiting.</source>
        <translation>Le serveur {host} n’a pas envoyé toute sa réponse en {seconds} secondes ; Sluis a cessé d’attendre.</translation>
    </message>
    <message>
        <source>The server redirected to {url}, which is not a secure https:// address; refusing it.</source>
        <translation>Le serveur a redirigé vers {url}, qui n’est pas une adresse https:// sécurisée ; redirection refusée.</translation>
    </message>
    <message>
        <source>“{url}” is not a valid server address: {detail}</source>
        <translation>« {url} » n’est pas une adresse de serveur valide : {detail}</translation>
    </message>
    <message>
        <source>The server at {host} does not support API v3; it may run an older eduVPN version (2.x).</source>
        <translation>Le serveur {host} ne prend pas en charge l’API v3 ; il utilise peut-être une ancienne version d’eduVPN (2.x).</translation>
    </message>
    <message>
        <source>The server sent a response Sluis cannot use: {detail}</source>
        <translation>Le serveur a envoyé une réponse inutilisable par Sluis : {detail}</translation>
    </message>
    <message>
        <source>The server refused the request ({status}): {server_message}</source>
        <translation>Le serveur a refusé la demande ({status}) : {server_message}</translation>
    </message>
    <message>
        <source>The profile is not available on this server (or you may not use it): {server_message}</source>
        <translation>Ce profil n’est pas disponible sur ce serveur (ou vous n’avez pas le droit de l’utiliser) : {server_message}</translation>
    </message>
    <message>
        <source>This profile offers no VPN protocol that Sluis can run here: {server_message}</source>
        <translation>Ce profil ne propose aucun protocole VPN que Sluis peut utiliser ici : {server_message}</translation>
    </message>
    <message>
        <source>Logging in failed: {detail}</source>
        <translation>La connexion a échoué : {detail}</translation>
    </message>
    <message>
        <source>The login answer did not come from {host}, the server you are logging in to. Please try again.</source>
        <translation>La réponse de connexion ne vient pas de {host}, le serveur auquel vous vous connectez. Veuillez réessayer.</translation>
    </message>
    <message>
        <source>Your authorization for {host} has ended. Please log in again to continue.</source>
        <translation>Votre autorisation pour {host} a expiré. Veuillez vous reconnecter pour continuer.</translation>
    </message>
    <message>
        <source>The VPN configuration is not valid: {detail}</source>
        <translation>La configuration VPN n’est pas valide : {detail}</translation>
    </message>
    <message>
        <source>Line {line} of the VPN configuration says “{directive}”, which Sluis does not allow: a VPN profile may not run programs, load libraries, use files or change how Sluis runs OpenVPN.</source>
        <translation>La ligne {line} de la configuration VPN indique « {directive} », ce que Sluis n’autorise pas : un profil VPN ne peut pas lancer de programmes, charger de bibliothèques, utiliser de fichiers ni changer la façon dont Sluis exécute OpenVPN.</translation>
    </message>
    <message>
        <source>No secure password store (keyring) is available; your login is kept only until Sluis quits.</source>
        <translation>Aucun stockage sécurisé de mots de passe (trousseau) n’est disponible ; votre connexion n’est conservée que jusqu’à la fermeture de Sluis.</translation>
    </message>
    <message>
        <source>No server {url} has been added. Add it first.</source>
        <translation>Aucun serveur {url} n’a été ajouté. Ajoutez-le d’abord.</translation>
    </message>
    <message>
        <source>Could not save Sluis&apos;s data in {path}: {detail}</source>
        <translation>Impossible d’enregistrer les données de Sluis dans {path} : {detail}</translation>
    </message>
    <message>
        <source>The folder {path} is not private to you (another user owns it); Sluis will not use it.</source>
        <translation>Le dossier {path} n’est pas réservé à vous seul (il appartient à un autre utilisateur) ; Sluis ne l’utilisera pas.</translation>
    </message>
    <message>
        <source>The folder {path} is not private to you (it is a symbolic link); Sluis will not use it.</source>
        <translation>Le dossier {path} n’est pas réservé à vous seul (c’est un lien symbolique) ; Sluis ne l’utilisera pas.</translation>
    </message>
    <message>
        <source>{path} is not a folder; Sluis will not keep its files there.</source>
        <translation>{path} n’est pas un dossier ; Sluis n’y conservera pas ses fichiers.</translation>
    </message>
    <message>
        <source>The server {url} was set up by your organization and cannot be removed.</source>
        <translation>Le serveur {url} a été configuré par votre organisation et ne peut pas être supprimé.</translation>
    </message>
    <message>
        <source>Your organization allows only the servers it has set up; {url} cannot be added.</source>
        <translation>Votre organisation n’autorise que les serveurs qu’elle a configurés ; {url} ne peut pas être ajouté.</translation>
    </message>
    <message>
        <source>The profile could not be imported: {detail}</source>
        <translation>Le profil n’a pas pu être importé : {detail}</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was added.</source>
        <translation>L’importation a été annulée ; rien n’a été ajouté.</translation>
    </message>
    <message>
        <source>The local control channel of Sluis is not usable: {detail}</source>
        <translation>Le canal de contrôle local de Sluis est inutilisable : {detail}</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: {detail}</source>
        <translation>Sluis ne peut pas ouvrir ce lien : {detail}</translation>
    </message>
    <message>
        <source>The VPN tunnel could not be set up: {detail}</source>
        <translation>Le tunnel VPN n’a pas pu être établi : {detail}</translation>
    </message>
    <message>
        <source>Sluis may not connect with {protocol} here: this computer&apos;s settings require {required}.</source>
        <translation>Sluis ne peut pas se connecter avec {protocol} ici : les réglages de cet ordinateur exigent {required}.</translation>
    </message>
    <message>
        <source>The VPN profile “{profile}” needs your username and password.</source>
        <translation>Le profil VPN « {profile} » a besoin de votre nom d’utilisateur et de votre mot de passe.</translation>
    </message>
    <message>
        <source>The VPN server did not accept the username or password.</source>
        <translation>Le serveur VPN n’a pas accepté le nom d’utilisateur ou le mot de passe.</translation>
    </message>
    <message>
        <source>The VPN server did not accept the username or password. Sluis has forgotten the remembered login and asks for it next time.</source>
        <translation>Le serveur VPN n’a pas accepté le nom d’utilisateur ou le mot de passe. Sluis a oublié les identifiants mémorisés et les redemandera la prochaine fois.</translation>
    </message>
    <message>
        <source>The login answer did not belong to this login attempt (state mismatch). Please try again.</source>
        <translation>La réponse de connexion ne correspond pas à cette tentative de connexion (state différent). Veuillez réessayer.</translation>
    </message>
    <message>
        <source>The login was cancelled or refused.</source>
        <translation>La connexion a été annulée ou refusée.</translation>
    </message>
    <message>
        <source>Only Secure Internet servers have locations.</source>
        <translation>Seuls les serveurs Internet sécurisé ont des emplacements.</translation>
    </message>
    <message>
        <source>{url} is not a Secure Internet location.</source>
        <translation>{url} n’est pas un emplacement Internet sécurisé.</translation>
    </message>
    <message>
        <source>No organization “{org}” is listed.</source>
        <translation>Aucune organisation « {org} » n’est répertoriée.</translation>
    </message>
    <message>
        <source>The Secure Internet server of “{org}” is not listed.</source>
        <translation>Le serveur Internet sécurisé de « {org} » n’est pas répertorié.</translation>
    </message>
    <message>
        <source>No institute {url} is listed.</source>
        <translation>Aucun établissement {url} n’est répertorié.</translation>
    </message>
    <message>
        <source>This server offers you no VPN profiles.</source>
        <translation>Ce serveur ne vous propose aucun profil VPN.</translation>
    </message>
    <message>
        <source>The server has no profile “{profile}”. Available: {available}</source>
        <translation>Le serveur n’a pas de profil « {profile} ». Disponibles : {available}</translation>
    </message>
    <message>
        <source>Choose a profile ({available}).</source>
        <translation>Choisissez un profil ({available}).</translation>
    </message>
    <message>
        <source>Only secure https:// links can be imported; this one is not.</source>
        <translation>Seuls les liens https:// sécurisés peuvent être importés ; celui-ci ne l’est pas.</translation>
    </message>
    <message>
        <source>This openvpn:// link is not a profile import link (openvpn://import-profile/…).</source>
        <translation>Ce lien openvpn:// n’est pas un lien d’importation de profil (openvpn://import-profile/…).</translation>
    </message>
    <message>
        <source>This import link has expired or has already been used. Ask your VPN administrator for a new link.</source>
        <translation>Ce lien d’importation a expiré ou a déjà été utilisé. Demandez un nouveau lien à votre administrateur VPN.</translation>
    </message>
    <message>
        <source>The server may not give you an auto-login profile (your account lacks the auto-login permission). Ask your VPN administrator.</source>
        <translation>Le serveur ne peut pas vous fournir de profil à connexion automatique (votre compte n’a pas l’autorisation auto-login). Adressez-vous à votre administrateur VPN.</translation>
    </message>
    <message>
        <source>The server at {host} refused the import link (HTTP {status}). It may have expired.</source>
        <translation>Le serveur {host} a refusé le lien d’importation (HTTP {status}). Il a peut-être expiré.</translation>
    </message>
    <message>
        <source>The server at {host} sent the download to an insecure (non-https) address; refused.</source>
        <translation>Le serveur {host} a redirigé le téléchargement vers une adresse non sécurisée (non https) ; refusé.</translation>
    </message>
    <message>
        <source>A key of this imported profile is missing from the keyring. Import the profile again.</source>
        <translation>Une clé de ce profil importé est absente du trousseau. Importez de nouveau le profil.</translation>
    </message>
    <message>
        <source>The imported profile&apos;s file is gone. Import the profile again.</source>
        <translation>Le fichier du profil importé a disparu. Importez de nouveau le profil.</translation>
    </message>
    <message>
        <source>This computer cannot run {protocol} connections.</source>
        <translation>Cet ordinateur ne peut pas établir de connexions {protocol}.</translation>
    </message>
    <message>
        <source>Unknown VPN backend “{name}”. Known: {known}</source>
        <translation>Moteur VPN inconnu « {name} ». Moteurs connus : {known}</translation>
    </message>
    <message>
        <source>No VPN software found: install NetworkManager, or WireGuard tools and OpenVPN.</source>
        <translation>Aucun logiciel VPN trouvé : installez NetworkManager, ou les outils WireGuard et OpenVPN.</translation>
    </message>
    <message>
        <source>Already connected to {server}. Disconnect first.</source>
        <translation>Déjà connecté à {server}. Déconnectez-vous d’abord.</translation>
    </message>
    <message>
        <source>Server discovery is switched off here.</source>
        <translation>La recherche de serveurs est désactivée ici.</translation>
    </message>
    <message>
        <source>Importing needs a confirmation: run it in a terminal, or pass --yes.</source>
        <translation>L’importation doit être confirmée : lancez-la dans un terminal ou ajoutez --yes.</translation>
    </message>
    <message>
        <source>Could not read the VPN login from file descriptor {fd}: {detail}</source>
        <translation>Impossible de lire les identifiants VPN depuis le descripteur de fichier {fd} : {detail}</translation>
    </message>
    <message>
        <source>File descriptor {fd} must hold the VPN username on one line and the password on the next.</source>
        <translation>Le descripteur de fichier {fd} doit contenir le nom d’utilisateur VPN sur une ligne et le mot de passe sur la suivante.</translation>
    </message>
    <message>
        <source>{reason} Type them in a terminal, pass them with --credentials-fd N (the username and the password on two lines), or keep them in the keyring once with --remember.</source>
        <translation>{reason} Saisissez-les dans un terminal, transmettez-les avec --credentials-fd N (le nom d’utilisateur et le mot de passe sur deux lignes) ou enregistrez-les une fois dans le trousseau avec --remember.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: the login answer is incomplete.</source>
        <translation>Sluis ne peut pas ouvrir ce lien : la réponse de connexion est incomplète.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it contains spaces or control characters.</source>
        <translation>Sluis ne peut pas ouvrir ce lien : il contient des espaces ou des caractères de contrôle.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it does not know “sluis://{action}”.</source>
        <translation>Sluis ne peut pas ouvrir ce lien : il ne connaît pas « sluis://{action} ».</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it points at a local file.</source>
        <translation>Sluis ne peut pas ouvrir ce lien : il pointe vers un fichier local.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is far too long.</source>
        <translation>Sluis ne peut pas ouvrir ce lien : il est beaucoup trop long.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is not a link.</source>
        <translation>Sluis ne peut pas ouvrir ce lien : ce n’est pas un lien.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it does not handle “{scheme}:” links.</source>
        <translation>Sluis ne peut pas ouvrir ce lien : il ne gère pas les liens « {scheme}: ».</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is a login answer, but no login is waiting for it. Start the login from Sluis.</source>
        <translation>Sluis ne peut pas ouvrir ce lien : c’est une réponse de connexion, mais aucune connexion ne l’attend. Lancez la connexion depuis Sluis.</translation>
    </message>
    <message>
        <source>Sluis could not start its background process: {reason}</source>
        <translation>Sluis n’a pas pu démarrer son processus d’arrière-plan : {reason}</translation>
    </message>
    <message>
        <source>The window cannot start: Qt needs libxcb-cursor. Install it (Debian/Ubuntu: sudo apt install libxcb-cursor0; Fedora: sudo dnf install xcb-util-cursor) and start Sluis again.</source>
        <translation>La fenêtre ne peut pas s’ouvrir : Qt a besoin de libxcb-cursor. Installez-le (Debian/Ubuntu : sudo apt install libxcb-cursor0 ; Fedora : sudo dnf install xcb-util-cursor) puis relancez Sluis.</translation>
    </message>
    <message>
        <source>The window cannot start: there is no display to show it on (is DISPLAY or WAYLAND_DISPLAY set?). The command line works without one: sluis --help.</source>
        <translation>La fenêtre ne peut pas s’ouvrir : aucun écran n’est disponible pour l’afficher (DISPLAY ou WAYLAND_DISPLAY est-il défini ?). La ligne de commande fonctionne sans écran : sluis --help.</translation>
    </message>
    <message>
        <source>The window cannot start: Qt could not load its platform plugin &quot;{platform}&quot; (see QT_QPA_PLATFORM and the Qt packages of your system).</source>
        <translation>La fenêtre ne peut pas s’ouvrir : Qt n’a pas pu charger son plugin de plateforme « {platform} » (voir QT_QPA_PLATFORM et les paquets Qt de votre système).</translation>
    </message>
    <message>
        <source>the server did not answer in time</source>
        <translation>le serveur n’a pas répondu à temps</translation>
    </message>
    <message>
        <source>its TLS certificate could not be verified</source>
        <translation>son certificat TLS n’a pas pu être vérifié</translation>
    </message>
    <message>
        <source>no server has that name; check the address</source>
        <translation>aucun serveur ne porte ce nom ; vérifiez l’adresse</translation>
    </message>
    <message>
        <source>the connection failed</source>
        <translation>la connexion a échoué</translation>
    </message>
    <message>
        <source>The WireGuard over TCP proxy at {host} failed: {detail}</source>
        <translation>Le proxy WireGuard sur TCP de {host} a échoué : {detail}</translation>
    </message>
</context>
<context>
    <name>HelpPage</name>
    <message>
        <source>About Sluis</source>
        <translation>À propos de Sluis</translation>
    </message>
    <message>
        <source>Logins are kept in the system keyring ({backend}).</source>
        <translation>Les identifiants sont conservés dans le trousseau du système ({backend}).</translation>
    </message>
    <message>
        <source>No secure keyring is available: logins are kept only until Sluis quits, and you will have to log in again after a restart.</source>
        <translation>Aucun trousseau sécurisé n’est disponible : les identifiants ne sont conservés que jusqu’à la fermeture de Sluis, et vous devrez vous reconnecter après un redémarrage.</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Version :</translation>
    </message>
    <message>
        <source>VPN backend:</source>
        <translation>Moteur VPN :</translation>
    </message>
    <message>
        <source>Keyring:</source>
        <translation>Trousseau :</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Assistance</translation>
    </message>
    <message>
        <source>Support contacts</source>
        <translation>Contacts d’assistance</translation>
    </message>
    <message>
        <source>A diagnostics file helps your helpdesk: it holds versions, settings, your servers&apos; addresses and the recent log, without passwords, tokens or keys.</source>
        <translation>Un fichier de diagnostic aide votre service d’assistance : il contient les versions, les paramètres, les adresses de vos serveurs et le journal récent, sans mots de passe, jetons ni clés.</translation>
    </message>
    <message>
        <source>Save &amp;diagnostics…</source>
        <translation>Enregistrer le &amp;diagnostic…</translation>
    </message>
    <message>
        <source>Save diagnostics</source>
        <translation>Enregistrer le diagnostic</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Fichiers texte (*.txt)</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Enregistré dans {path}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import a VPN profile from %1?</source>
        <translation>Importer un profil VPN depuis %1 ?</translation>
    </message>
    <message>
        <source>Sluis downloads the profile once from this server and keeps it privately. Only import profiles from a server you trust.</source>
        <translation>Sluis télécharge le profil une seule fois depuis ce serveur et le conserve en privé. N’importez des profils que depuis un serveur de confiance.</translation>
    </message>
    <message>
        <source>Import the VPN profile in %1?</source>
        <translation>Importer le profil VPN contenu dans %1 ?</translation>
    </message>
    <message>
        <source>Sluis keeps a private copy of the profile. Only import profiles you trust.</source>
        <translation>Sluis conserve une copie privée du profil. N’importez que des profils de confiance.</translation>
    </message>
    <message>
        <source>Import VPN profile</source>
        <translation>Importer un profil VPN</translation>
    </message>
    <message>
        <source>Sluis</source>
        <translation>Sluis</translation>
    </message>
    <message>
        <source>VPN profiles (*.ovpn *.conf)</source>
        <translation>Profils VPN (*.ovpn *.conf)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>LocationDialog</name>
    <message>
        <source>Secure Internet locations</source>
        <translation>Emplacements Internet sécurisé</translation>
    </message>
    <message>
        <source>{server} connects you to the internet through one of these countries.</source>
        <translation>{server} vous connecte à Internet via l’un de ces pays.</translation>
    </message>
    <message>
        <source>Locations</source>
        <translation>Emplacements</translation>
    </message>
    <message>
        <source>{location} (in use)</source>
        <translation>{location} (utilisé)</translation>
    </message>
    <message>
        <source>&amp;Use location</source>
        <translation>&amp;Utiliser cet emplacement</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>VPN login</source>
        <translation>Connexion VPN</translation>
    </message>
    <message>
        <source>“{profile}” asks for one more answer to connect.</source>
        <translation>« {profile} » demande encore une réponse pour se connecter.</translation>
    </message>
    <message>
        <source>“{profile}” asks for your VPN username and password.</source>
        <translation>« {profile} » demande votre nom d’utilisateur et votre mot de passe VPN.</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nom d’utilisateur</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Nom d’utilisateur :</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>Mot de &amp;passe :</translation>
    </message>
    <message>
        <source>&amp;Remember the username and password in the system keyring</source>
        <translation>&amp;Mémoriser le nom d’utilisateur et le mot de passe dans le trousseau du système</translation>
    </message>
    <message>
        <source>C&amp;onnect</source>
        <translation>Se &amp;connecter</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Stat&amp;us</source>
        <translation>É&amp;tat</translation>
    </message>
    <message>
        <source>Ser&amp;vers</source>
        <translation>Ser&amp;veurs</translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>&amp;Paramètres</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>The state of your VPN connection</source>
        <translation>L’état de votre connexion VPN</translation>
    </message>
    <message>
        <source>Sluis keeps running in the system tray. Use Quit in its menu to end it.</source>
        <translation>Sluis continue de fonctionner dans la zone de notification. Choisissez Quitter dans son menu pour le fermer.</translation>
    </message>
    <message>
        <source>Quit Sluis</source>
        <translation>Quitter Sluis</translation>
    </message>
    <message>
        <source>Quitting ends the VPN connection to {server}.</source>
        <translation>Quitter met fin à la connexion VPN à {server}.</translation>
    </message>
    <message>
        <source>&amp;Quit and disconnect</source>
        <translation>&amp;Quitter et se déconnecter</translation>
    </message>
    <message>
        <source>Click here to log in again and renew the session.</source>
        <translation>Cliquez ici pour vous reconnecter et renouveler la session.</translation>
    </message>
</context>
<context>
    <name>ProfilesPage</name>
    <message>
        <source>Choose a profile</source>
        <translation>Choisir un profil</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Profils</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Retour</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>Se &amp;connecter</translation>
    </message>
    <message>
        <source>This profile offers no VPN protocol Sluis can use.</source>
        <translation>Ce profil ne propose aucun protocole VPN utilisable par Sluis.</translation>
    </message>
</context>
<context>
    <name>ServersPage</name>
    <message>
        <source>Your servers</source>
        <translation>Vos serveurs</translation>
    </message>
    <message>
        <source>No servers yet. Add one to get started.</source>
        <translation>Aucun serveur pour l’instant. Ajoutez-en un pour commencer.</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Serveurs</translation>
    </message>
    <message>
        <source>&amp;Add server…</source>
        <translation>Ajouter un &amp;serveur…</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>Se &amp;connecter</translation>
    </message>
    <message>
        <source>&amp;Log in again</source>
        <translation>Se c&amp;onnecter à nouveau</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <source>Change l&amp;ocation…</source>
        <translation>Changer d’&amp;emplacement…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Supprimer…</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>Pl&amp;us</translation>
    </message>
    <message>
        <source>More actions for the selected server</source>
        <translation>Plus d’actions pour le serveur sélectionné</translation>
    </message>
    <message>
        <source>&amp;Import profile…</source>
        <translation>&amp;Importer un profil…</translation>
    </message>
    <message>
        <source>Import a VPN profile file</source>
        <translation>Importer un fichier de profil VPN</translation>
    </message>
    <message>
        <source>Import an OpenVPN (.ovpn) or WireGuard (.conf) profile file</source>
        <translation>Importer un fichier de profil OpenVPN (.ovpn) ou WireGuard (.conf)</translation>
    </message>
    <message>
        <source>Institute Access</source>
        <translation>Accès à l’établissement</translation>
    </message>
    <message>
        <source>Secure Internet</source>
        <translation>Internet sécurisé</translation>
    </message>
    <message>
        <source>Other servers</source>
        <translation>Autres serveurs</translation>
    </message>
    <message>
        <source>Imported profiles</source>
        <translation>Profils importés</translation>
    </message>
    <message>
        <source>{name} (no longer listed)</source>
        <translation>{name} (plus répertorié)</translation>
    </message>
    <message>
        <source>{url}: this server is no longer in the eduVPN server list.</source>
        <translation>{url} : ce serveur ne figure plus dans la liste des serveurs eduVPN.</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>Se &amp;déconnecter</translation>
    </message>
    <message>
        <source>Remove server</source>
        <translation>Supprimer le serveur</translation>
    </message>
    <message>
        <source>Remove {name}? Sluis forgets its login, and a connection to it ends.</source>
        <translation>Supprimer {name} ? Sluis oublie sa connexion, et toute connexion en cours à ce serveur prend fin.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Prefer T&amp;CP (for networks that block UDP)</source>
        <translation>Préférer T&amp;CP (pour les réseaux qui bloquent UDP)</translation>
    </message>
    <message>
        <source>Start at lo&amp;gin</source>
        <translation>Démarrer à l’&amp;ouverture de session</translation>
    </message>
    <message>
        <source>Start hi&amp;dden (in the tray)</source>
        <translation>Démarrer &amp;masqué (dans la zone de notification)</translation>
    </message>
    <message>
        <source>&amp;Reconnect to the last server at start</source>
        <translation>Se &amp;reconnecter au dernier serveur au démarrage</translation>
    </message>
    <message>
        <source>Show the &amp;eduVPN server search</source>
        <translation>Afficher la recherche de serveurs &amp;eduVPN</translation>
    </message>
    <message>
        <source>Preferred protocol</source>
        <translation>Protocole préféré</translation>
    </message>
    <message>
        <source>Let the server choose</source>
        <translation>Laisser le serveur choisir</translation>
    </message>
    <message>
        <source>Preferred &amp;protocol:</source>
        <translation>Protocole pré&amp;féré :</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Langue :</translation>
    </message>
    <message>
        <source>When a profile sends all traffic through the VPN, Sluis sends every DNS lookup through it too, and blocks IPv6 outside the VPN if the VPN carries only IPv4.</source>
        <translation>Lorsqu&apos;un profil fait passer tout le trafic par le VPN, Sluis y fait aussi passer chaque requête DNS et bloque l&apos;IPv6 hors du VPN si le VPN ne transporte que l&apos;IPv4.</translation>
    </message>
    <message>
        <source>Settings marked as managed are set by your organization.</source>
        <translation>Les paramètres marqués comme gérés sont définis par votre organisation.</translation>
    </message>
    <message>
        <source>Managed by your organization</source>
        <translation>Géré par votre organisation</translation>
    </message>
    <message>
        <source> (managed)</source>
        <translation> (géré)</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>Valid for {hours} h {minutes} min</source>
        <translation>Valide encore {hours} h {minutes} min</translation>
    </message>
    <message>
        <source>Valid for {minutes} min {seconds} s</source>
        <translation>Valide encore {minutes} min {seconds} s</translation>
    </message>
    <message>
        <source>Your VPN session has ended. Log in again to reconnect.</source>
        <translation>Votre session VPN a pris fin. Reconnectez-vous pour rétablir la connexion.</translation>
    </message>
    <message numerus="yes">
        <source>Your VPN session ends in %n hour(s).</source>
        <translation>
            <numerusform>Votre session VPN prend fin dans %n heure.</numerusform>
            <numerusform>Votre session VPN prend fin dans %n heures.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <source>Waiting for you to log in in the web browser…</source>
        <translation>En attente de votre connexion dans le navigateur web…</translation>
    </message>
    <message>
        <source>Choose a profile</source>
        <translation>Choisir un profil</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Connecté</translation>
    </message>
    <message>
        <source>Disconnecting…</source>
        <translation>Déconnexion…</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconnexion…</translation>
    </message>
    <message>
        <source>WireGuard over TCP</source>
        <translation>WireGuard sur TCP</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>{status}: {server}</source>
        <translation>{status} : {server}</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>Se déconnecter</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Se connecter</translation>
    </message>
    <message>
        <source>Connect to {server}</source>
        <translation>Se connecter à {server}</translation>
    </message>
    <message>
        <source>Show Sluis</source>
        <translation>Afficher Sluis</translation>
    </message>
    <message>
        <source>Quit Sluis</source>
        <translation>Quitter Sluis</translation>
    </message>
    <message>
        <source>Sluis: {status}</source>
        <translation>Sluis : {status}</translation>
    </message>
</context>
</TS>
