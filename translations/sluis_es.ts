<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AddServerPage</name>
    <message>
        <source>Add a server</source>
        <translation>Añadir un servidor</translation>
    </message>
    <message>
        <source>&amp;Search for your institute, organization or server:</source>
        <translation>&amp;Busque su institución, organización o servidor:</translation>
    </message>
    <message>
        <source>University name, city or vpn.example.org</source>
        <translation>Nombre de la universidad, ciudad o vpn.example.org</translation>
    </message>
    <message>
        <source>Search for a server</source>
        <translation>Buscar un servidor</translation>
    </message>
    <message>
        <source>Server &amp;address:</source>
        <translation>&amp;Dirección del servidor:</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <source>Add this server</source>
        <translation>Añadir este servidor</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Log in in your web browser to finish adding the server.</source>
        <translation>Inicie sesión en su navegador web para terminar de añadir el servidor.</translation>
    </message>
</context>
<context>
    <name>ConnectionPage</name>
    <message>
        <source>Location</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Connection status</source>
        <translation>Estado de la conexión</translation>
    </message>
    <message>
        <source>Connection state picture</source>
        <translation>Imagen del estado de la conexión</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>Profile</source>
        <translation>Perfil</translation>
    </message>
    <message>
        <source>Change &amp;profile…</source>
        <translation>Cambiar de &amp;perfil…</translation>
    </message>
    <message>
        <source>Change profile</source>
        <translation>Cambiar de perfil</translation>
    </message>
    <message>
        <source>Choose another profile of this server</source>
        <translation>Elegir otro perfil de este servidor</translation>
    </message>
    <message>
        <source>Session validity</source>
        <translation>Validez de la sesión</translation>
    </message>
    <message>
        <source>&amp;Renew session</source>
        <translation>&amp;Renovar la sesión</translation>
    </message>
    <message>
        <source>Log in again to start a new session</source>
        <translation>Iniciar sesión de nuevo para empezar una sesión nueva</translation>
    </message>
    <message>
        <source>Connection details</source>
        <translation>Detalles de la conexión</translation>
    </message>
    <message>
        <source>Connected for</source>
        <translation>Tiempo conectado</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Válida hasta</translation>
    </message>
    <message>
        <source>IPv4 address</source>
        <translation>Dirección IPv4</translation>
    </message>
    <message>
        <source>IPv6 address</source>
        <translation>Dirección IPv6</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>Protocolo</translation>
    </message>
    <message>
        <source>Data received</source>
        <translation>Datos recibidos</translation>
    </message>
    <message>
        <source>Data sent</source>
        <translation>Datos enviados</translation>
    </message>
    <message>
        <source>Connected for:</source>
        <translation>Tiempo conectado:</translation>
    </message>
    <message>
        <source>Valid until:</source>
        <translation>Válida hasta:</translation>
    </message>
    <message>
        <source>Received:</source>
        <translation>Recibidos:</translation>
    </message>
    <message>
        <source>Sent:</source>
        <translation>Enviados:</translation>
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
        <translation>Su sesión VPN ha terminado. Inicie sesión de nuevo para volver a conectarse.</translation>
    </message>
    <message>
        <source>&amp;Log in again</source>
        <translation>&amp;Iniciar sesión de nuevo</translation>
    </message>
    <message>
        <source>Protocol:</source>
        <translation>Protocolo:</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Desconectar</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>C&amp;ancelar</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Conectar</translation>
    </message>
</context>
<context>
    <name>DiscoverySearch</name>
    <message>
        <source>Server list notice</source>
        <translation>Aviso sobre la lista de servidores</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Dismiss the server list notice</source>
        <translation>Cerrar el aviso sobre la lista de servidores</translation>
    </message>
    <message>
        <source>Clear the search</source>
        <translation>Borrar la búsqueda</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Resultados de la búsqueda</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Dirección del servidor</translation>
    </message>
    <message>
        <source>Institute Access</source>
        <translation>Acceso institucional</translation>
    </message>
    <message>
        <source>Secure Internet</source>
        <translation>Internet seguro</translation>
    </message>
    <message>
        <source>Type the name of your institute or organization, or the address of a server.</source>
        <translation>Escriba el nombre de su institución u organización, o la dirección de un servidor.</translation>
    </message>
    <message>
        <source>Nothing matches “{query}”. Check the spelling, or type the server&apos;s address, like vpn.example.org.</source>
        <translation>Nada coincide con «{query}». Compruebe la ortografía o escriba la dirección del servidor, por ejemplo vpn.example.org.</translation>
    </message>
    <message>
        <source>Add {address}</source>
        <translation>Añadir {address}</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Error message</source>
        <translation>Mensaje de error</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Try again</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Copy details</source>
        <translation>Copiar detalles</translation>
    </message>
    <message>
        <source>Copy the error message to the clipboard</source>
        <translation>Copiar el mensaje de error al portapapeles</translation>
    </message>
    <message>
        <source>Check the address</source>
        <translation>Comprobar la dirección</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>The list of eduVPN servers ({file}) could not be updated: {detail}</source>
        <translation>No se pudo actualizar la lista de servidores de eduVPN ({file}): {detail}</translation>
    </message>
    <message>
        <source>The discovery setting {name} is not valid: {detail}</source>
        <translation>El ajuste de descubrimiento {name} no es válido: {detail}</translation>
    </message>
    <message>
        <source>Could not download {file} from {host}: {detail}</source>
        <translation>No se pudo descargar {file} de {host}: {detail}</translation>
    </message>
    <message>
        <source>{host} did not send {file} within {seconds} seconds.</source>
        <translation>{host} no envió {file} en {seconds} segundos.</translation>
    </message>
    <message>
        <source>{file} from {host} is larger than {limit} bytes; refusing it.</source>
        <translation>{file} de {host} ocupa más de {limit} bytes; se rechaza.</translation>
    </message>
    <message>
        <source>Refusing to download {file} from {url}: only secure https:// addresses are allowed.</source>
        <translation>Se rechaza descargar {file} de {url}: solo se permiten direcciones https:// seguras.</translation>
    </message>
    <message>
        <source>{host} answered {file} with HTTP status {status}.</source>
        <translation>{host} respondió a {file} con el estado HTTP {status}.</translation>
    </message>
    <message>
        <source>The signature of {file} is not valid: {detail}</source>
        <translation>La firma de {file} no es válida: {detail}</translation>
    </message>
    <message>
        <source>The signature file of {file} is damaged or not a minisign signature ({detail}).</source>
        <translation>El archivo de firma de {file} está dañado o no es una firma minisign ({detail}).</translation>
    </message>
    <message>
        <source>{file} is signed with a key Sluis does not trust (key id {key_id}).</source>
        <translation>{file} está firmado con una clave en la que Sluis no confía (id. de clave {key_id}).</translation>
    </message>
    <message>
        <source>{file} does not match its signature; it may have been altered.</source>
        <translation>{file} no coincide con su firma; puede haber sido alterado.</translation>
    </message>
    <message>
        <source>{file} has a legacy signature, but Sluis is set to accept only prehashed signatures.</source>
        <translation>{file} tiene una firma antigua, pero Sluis está configurado para aceptar solo firmas prehash.</translation>
    </message>
    <message>
        <source>The signature received for {file} was made for {signed_file}.</source>
        <translation>La firma recibida para {file} se hizo para {signed_file}.</translation>
    </message>
    <message>
        <source>The downloaded {file} (version {v}) is older than the one Sluis already has (version {previous_v}); keeping the newer one.</source>
        <translation>El {file} descargado (versión {v}) es más antiguo que el que ya tiene Sluis (versión {previous_v}); se conserva el más reciente.</translation>
    </message>
    <message>
        <source>{file} is not a valid discovery list: {detail}</source>
        <translation>{file} no es una lista de descubrimiento válida: {detail}</translation>
    </message>
    <message>
        <source>Something went wrong: {detail}</source>
        <translation>Algo salió mal: {detail}</translation>
    </message>
    <message>
        <source>Could not reach {host}: {detail}</source>
        <translation>No se pudo contactar con {host}: {detail}</translation>
    </message>
    <message>
        <source>The server {host} sent a larger answer than Sluis accepts (over {limit} bytes); it was not used.</source>
        <translation>El servidor {host} envió una respuesta mayor de lo que Sluis acepta (más de {limit} bytes); no se ha usado.</translation>
    </message>
    <message>
        <source>The server {host} did not send its whole answer within {seconds} seconds; Sluis stopped waiting.</source>
        <translation>El servidor {host} no envió su respuesta completa en {seconds} segundos; Sluis dejó de esperar.</translation>
    </message>
    <message>
        <source>The server redirected to {url}, which is not a secure https:// address; refusing it.</source>
        <translation>El servidor redirigió a {url}, que no es una dirección https:// segura; se rechaza.</translation>
    </message>
    <message>
        <source>“{url}” is not a valid server address: {detail}</source>
        <translation>«{url}» no es una dirección de servidor válida: {detail}</translation>
    </message>
    <message>
        <source>The server at {host} does not support API v3; it may run an older eduVPN version (2.x).</source>
        <translation>El servidor {host} no admite la API v3; puede que use una versión antigua de eduVPN (2.x).</translation>
    </message>
    <message>
        <source>The server sent a response Sluis cannot use: {detail}</source>
        <translation>El servidor envió una respuesta que Sluis no puede usar: {detail}</translation>
    </message>
    <message>
        <source>The server refused the request ({status}): {server_message}</source>
        <translation>El servidor rechazó la solicitud ({status}): {server_message}</translation>
    </message>
    <message>
        <source>The profile is not available on this server (or you may not use it): {server_message}</source>
        <translation>El perfil no está disponible en este servidor (o no puede usarlo): {server_message}</translation>
    </message>
    <message>
        <source>This profile offers no VPN protocol that Sluis can run here: {server_message}</source>
        <translation>Este perfil no ofrece ningún protocolo VPN que Sluis pueda usar aquí: {server_message}</translation>
    </message>
    <message>
        <source>Logging in failed: {detail}</source>
        <translation>El inicio de sesión falló: {detail}</translation>
    </message>
    <message>
        <source>The login answer did not come from {host}, the server you are logging in to. Please try again.</source>
        <translation>La respuesta de inicio de sesión no vino de {host}, el servidor en el que inicia sesión. Inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Your authorization for {host} has ended. Please log in again to continue.</source>
        <translation>Su autorización para {host} ha terminado. Inicie sesión de nuevo para continuar.</translation>
    </message>
    <message>
        <source>The VPN configuration is not valid: {detail}</source>
        <translation>La configuración VPN no es válida: {detail}</translation>
    </message>
    <message>
        <source>Line {line} of the VPN configuration says “{directive}”, which Sluis does not allow: a VPN profile may not run programs, load libraries, use files or change how Sluis runs OpenVPN.</source>
        <translation>La línea {line} de la configuración VPN dice «{directive}», algo que Sluis no permite: un perfil VPN no puede ejecutar programas, cargar bibliotecas, usar archivos ni cambiar cómo Sluis ejecuta OpenVPN.</translation>
    </message>
    <message>
        <source>No secure password store (keyring) is available; your login is kept only until Sluis quits.</source>
        <translation>No hay ningún almacén seguro de contraseñas (llavero) disponible; su inicio de sesión solo se conserva hasta que Sluis se cierre.</translation>
    </message>
    <message>
        <source>No server {url} has been added. Add it first.</source>
        <translation>No se ha añadido ningún servidor {url}. Añádalo primero.</translation>
    </message>
    <message>
        <source>Could not save Sluis&apos;s data in {path}: {detail}</source>
        <translation>No se pudieron guardar los datos de Sluis en {path}: {detail}</translation>
    </message>
    <message>
        <source>The folder {path} is not private to you (another user owns it); Sluis will not use it.</source>
        <translation>La carpeta {path} no es solo suya (pertenece a otro usuario); Sluis no la usará.</translation>
    </message>
    <message>
        <source>The folder {path} is not private to you (it is a symbolic link); Sluis will not use it.</source>
        <translation>La carpeta {path} no es solo suya (es un enlace simbólico); Sluis no la usará.</translation>
    </message>
    <message>
        <source>{path} is not a folder; Sluis will not keep its files there.</source>
        <translation>{path} no es una carpeta; Sluis no guardará allí sus archivos.</translation>
    </message>
    <message>
        <source>The server {url} was set up by your organization and cannot be removed.</source>
        <translation>Su organización configuró el servidor {url} y no se puede quitar.</translation>
    </message>
    <message>
        <source>Your organization allows only the servers it has set up; {url} cannot be added.</source>
        <translation>Su organización solo permite los servidores que ha configurado; no se puede añadir {url}.</translation>
    </message>
    <message>
        <source>The profile could not be imported: {detail}</source>
        <translation>No se pudo importar el perfil: {detail}</translation>
    </message>
    <message>
        <source>The import was cancelled; nothing was added.</source>
        <translation>Se canceló la importación; no se añadió nada.</translation>
    </message>
    <message>
        <source>The local control channel of Sluis is not usable: {detail}</source>
        <translation>El canal de control local de Sluis no se puede usar: {detail}</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: {detail}</source>
        <translation>Sluis no puede abrir este enlace: {detail}</translation>
    </message>
    <message>
        <source>The VPN tunnel could not be set up: {detail}</source>
        <translation>No se pudo establecer el túnel VPN: {detail}</translation>
    </message>
    <message>
        <source>Sluis may not connect with {protocol} here: this computer&apos;s settings require {required}.</source>
        <translation>Sluis no puede conectarse con {protocol} aquí: la configuración de este equipo exige {required}.</translation>
    </message>
    <message>
        <source>The VPN profile “{profile}” needs your username and password.</source>
        <translation>El perfil VPN «{profile}» necesita su nombre de usuario y su contraseña.</translation>
    </message>
    <message>
        <source>The VPN server did not accept the username or password.</source>
        <translation>El servidor VPN no aceptó el nombre de usuario o la contraseña.</translation>
    </message>
    <message>
        <source>The VPN server did not accept the username or password. Sluis has forgotten the remembered login and asks for it next time.</source>
        <translation>El servidor VPN no aceptó el nombre de usuario o la contraseña. Sluis ha olvidado el inicio de sesión guardado y lo pedirá la próxima vez.</translation>
    </message>
    <message>
        <source>The login answer did not belong to this login attempt (state mismatch). Please try again.</source>
        <translation>La respuesta de inicio de sesión no corresponde a este intento (state no coincide). Inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>The login was cancelled or refused.</source>
        <translation>El inicio de sesión se canceló o fue rechazado.</translation>
    </message>
    <message>
        <source>Only Secure Internet servers have locations.</source>
        <translation>Solo los servidores de Internet seguro tienen ubicaciones.</translation>
    </message>
    <message>
        <source>{url} is not a Secure Internet location.</source>
        <translation>{url} no es una ubicación de Internet seguro.</translation>
    </message>
    <message>
        <source>No organization “{org}” is listed.</source>
        <translation>No figura ninguna organización «{org}».</translation>
    </message>
    <message>
        <source>The Secure Internet server of “{org}” is not listed.</source>
        <translation>El servidor de Internet seguro de «{org}» no figura en la lista.</translation>
    </message>
    <message>
        <source>No institute {url} is listed.</source>
        <translation>No figura ninguna institución {url}.</translation>
    </message>
    <message>
        <source>This server offers you no VPN profiles.</source>
        <translation>Este servidor no le ofrece ningún perfil VPN.</translation>
    </message>
    <message>
        <source>The server has no profile “{profile}”. Available: {available}</source>
        <translation>El servidor no tiene ningún perfil «{profile}». Disponibles: {available}</translation>
    </message>
    <message>
        <source>Choose a profile ({available}).</source>
        <translation>Elija un perfil ({available}).</translation>
    </message>
    <message>
        <source>Only secure https:// links can be imported; this one is not.</source>
        <translation>Solo se pueden importar enlaces https:// seguros; este no lo es.</translation>
    </message>
    <message>
        <source>This openvpn:// link is not a profile import link (openvpn://import-profile/…).</source>
        <translation>Este enlace openvpn:// no es un enlace de importación de perfil (openvpn://import-profile/…).</translation>
    </message>
    <message>
        <source>This import link has expired or has already been used. Ask your VPN administrator for a new link.</source>
        <translation>Este enlace de importación ha caducado o ya se ha usado. Pida un enlace nuevo a su administrador de VPN.</translation>
    </message>
    <message>
        <source>The server may not give you an auto-login profile (your account lacks the auto-login permission). Ask your VPN administrator.</source>
        <translation>El servidor no puede darle un perfil de inicio de sesión automático (su cuenta no tiene el permiso auto-login). Consulte a su administrador de VPN.</translation>
    </message>
    <message>
        <source>The server at {host} refused the import link (HTTP {status}). It may have expired.</source>
        <translation>El servidor {host} rechazó el enlace de importación (HTTP {status}). Puede que haya caducado.</translation>
    </message>
    <message>
        <source>The server at {host} sent the download to an insecure (non-https) address; refused.</source>
        <translation>El servidor {host} envió la descarga a una dirección no segura (no https); se rechaza.</translation>
    </message>
    <message>
        <source>A key of this imported profile is missing from the keyring. Import the profile again.</source>
        <translation>Falta en el llavero una clave de este perfil importado. Vuelva a importar el perfil.</translation>
    </message>
    <message>
        <source>The imported profile&apos;s file is gone. Import the profile again.</source>
        <translation>El archivo del perfil importado ya no existe. Vuelva a importar el perfil.</translation>
    </message>
    <message>
        <source>This computer cannot run {protocol} connections.</source>
        <translation>Este equipo no puede establecer conexiones {protocol}.</translation>
    </message>
    <message>
        <source>Unknown VPN backend “{name}”. Known: {known}</source>
        <translation>Motor VPN desconocido «{name}». Conocidos: {known}</translation>
    </message>
    <message>
        <source>No VPN software found: install NetworkManager, or WireGuard tools and OpenVPN.</source>
        <translation>No se encontró ningún software VPN: instale NetworkManager, o las herramientas de WireGuard y OpenVPN.</translation>
    </message>
    <message>
        <source>Already connected to {server}. Disconnect first.</source>
        <translation>Ya está conectado a {server}. Desconéctese primero.</translation>
    </message>
    <message>
        <source>Server discovery is switched off here.</source>
        <translation>La búsqueda de servidores está desactivada aquí.</translation>
    </message>
    <message>
        <source>Importing needs a confirmation: run it in a terminal, or pass --yes.</source>
        <translation>La importación necesita una confirmación: ejecútela en un terminal o añada --yes.</translation>
    </message>
    <message>
        <source>Could not read the VPN login from file descriptor {fd}: {detail}</source>
        <translation>No se pudo leer el inicio de sesión VPN del descriptor de archivo {fd}: {detail}</translation>
    </message>
    <message>
        <source>File descriptor {fd} must hold the VPN username on one line and the password on the next.</source>
        <translation>El descriptor de archivo {fd} debe contener el nombre de usuario VPN en una línea y la contraseña en la siguiente.</translation>
    </message>
    <message>
        <source>{reason} Type them in a terminal, pass them with --credentials-fd N (the username and the password on two lines), or keep them in the keyring once with --remember.</source>
        <translation>{reason} Escríbalos en un terminal, páselos con --credentials-fd N (el nombre de usuario y la contraseña en dos líneas) o guárdelos una vez en el llavero con --remember.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: the login answer is incomplete.</source>
        <translation>Sluis no puede abrir este enlace: la respuesta de inicio de sesión está incompleta.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it contains spaces or control characters.</source>
        <translation>Sluis no puede abrir este enlace: contiene espacios o caracteres de control.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it does not know “sluis://{action}”.</source>
        <translation>Sluis no puede abrir este enlace: no conoce «sluis://{action}».</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it points at a local file.</source>
        <translation>Sluis no puede abrir este enlace: apunta a un archivo local.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is far too long.</source>
        <translation>Sluis no puede abrir este enlace: es demasiado largo.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is not a link.</source>
        <translation>Sluis no puede abrir este enlace: no es un enlace.</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it does not handle “{scheme}:” links.</source>
        <translation>Sluis no puede abrir este enlace: no admite enlaces «{scheme}:».</translation>
    </message>
    <message>
        <source>Sluis cannot open this link: it is a login answer, but no login is waiting for it. Start the login from Sluis.</source>
        <translation>Sluis no puede abrir este enlace: es una respuesta de inicio de sesión, pero ningún inicio de sesión la espera. Inicie sesión desde Sluis.</translation>
    </message>
    <message>
        <source>Sluis could not start its background process: {reason}</source>
        <translation>Sluis no pudo iniciar su proceso en segundo plano: {reason}</translation>
    </message>
    <message>
        <source>The window cannot start: Qt needs libxcb-cursor. Install it (Debian/Ubuntu: sudo apt install libxcb-cursor0; Fedora: sudo dnf install xcb-util-cursor) and start Sluis again.</source>
        <translation>No se puede abrir la ventana: Qt necesita libxcb-cursor. Instálelo (Debian/Ubuntu: sudo apt install libxcb-cursor0; Fedora: sudo dnf install xcb-util-cursor) y vuelva a iniciar Sluis.</translation>
    </message>
    <message>
        <source>The window cannot start: there is no display to show it on (is DISPLAY or WAYLAND_DISPLAY set?). The command line works without one: sluis --help.</source>
        <translation>No se puede abrir la ventana: no hay ninguna pantalla en la que mostrarla (¿están definidas DISPLAY o WAYLAND_DISPLAY?). La línea de comandos funciona sin ella: sluis --help.</translation>
    </message>
    <message>
        <source>The window cannot start: Qt could not load its platform plugin &quot;{platform}&quot; (see QT_QPA_PLATFORM and the Qt packages of your system).</source>
        <translation>No se puede abrir la ventana: Qt no pudo cargar su complemento de plataforma «{platform}» (consulte QT_QPA_PLATFORM y los paquetes de Qt de su sistema).</translation>
    </message>
    <message>
        <source>the server did not answer in time</source>
        <translation>el servidor no respondió a tiempo</translation>
    </message>
    <message>
        <source>its TLS certificate could not be verified</source>
        <translation>no se pudo verificar su certificado TLS</translation>
    </message>
    <message>
        <source>no server has that name; check the address</source>
        <translation>no hay ningún servidor con ese nombre; compruebe la dirección</translation>
    </message>
    <message>
        <source>the connection failed</source>
        <translation>la conexión ha fallado</translation>
    </message>
    <message>
        <source>The WireGuard over TCP proxy at {host} failed: {detail}</source>
        <translation>El proxy de WireGuard sobre TCP en {host} ha fallado: {detail}</translation>
    </message>
</context>
<context>
    <name>HelpPage</name>
    <message>
        <source>About Sluis</source>
        <translation>Acerca de Sluis</translation>
    </message>
    <message>
        <source>Logins are kept in the system keyring ({backend}).</source>
        <translation>Los inicios de sesión se guardan en el llavero del sistema ({backend}).</translation>
    </message>
    <message>
        <source>No secure keyring is available: logins are kept only until Sluis quits, and you will have to log in again after a restart.</source>
        <translation>No hay ningún llavero seguro disponible: los inicios de sesión solo se conservan hasta que Sluis se cierre y tendrá que iniciar sesión de nuevo tras reiniciar.</translation>
    </message>
    <message>
        <source>Version:</source>
        <translation>Versión:</translation>
    </message>
    <message>
        <source>VPN backend:</source>
        <translation>Motor VPN:</translation>
    </message>
    <message>
        <source>Keyring:</source>
        <translation>Llavero:</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>Soporte</translation>
    </message>
    <message>
        <source>Support contacts</source>
        <translation>Contactos de soporte</translation>
    </message>
    <message>
        <source>A diagnostics file helps your helpdesk: it holds versions, settings, your servers&apos; addresses and the recent log, without passwords, tokens or keys.</source>
        <translation>Un archivo de diagnóstico ayuda a su servicio de soporte: contiene las versiones, los ajustes, las direcciones de sus servidores y el registro reciente, sin contraseñas, tokens ni claves.</translation>
    </message>
    <message>
        <source>Save &amp;diagnostics…</source>
        <translation>Guardar &amp;diagnóstico…</translation>
    </message>
    <message>
        <source>Save diagnostics</source>
        <translation>Guardar diagnóstico</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Archivos de texto (*.txt)</translation>
    </message>
    <message>
        <source>Saved to {path}</source>
        <translation>Guardado en {path}</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import a VPN profile from %1?</source>
        <translation>¿Importar un perfil VPN de %1?</translation>
    </message>
    <message>
        <source>Sluis downloads the profile once from this server and keeps it privately. Only import profiles from a server you trust.</source>
        <translation>Sluis descarga el perfil una vez de este servidor y lo guarda de forma privada. Importe perfiles solo de servidores de confianza.</translation>
    </message>
    <message>
        <source>Import the VPN profile in %1?</source>
        <translation>¿Importar el perfil VPN de %1?</translation>
    </message>
    <message>
        <source>Sluis keeps a private copy of the profile. Only import profiles you trust.</source>
        <translation>Sluis guarda una copia privada del perfil. Importe solo perfiles de confianza.</translation>
    </message>
    <message>
        <source>Import VPN profile</source>
        <translation>Importar perfil VPN</translation>
    </message>
    <message>
        <source>Sluis</source>
        <translation>Sluis</translation>
    </message>
    <message>
        <source>VPN profiles (*.ovpn *.conf)</source>
        <translation>Perfiles VPN (*.ovpn *.conf)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Todos los archivos (*)</translation>
    </message>
</context>
<context>
    <name>LocationDialog</name>
    <message>
        <source>Secure Internet locations</source>
        <translation>Ubicaciones de Internet seguro</translation>
    </message>
    <message>
        <source>{server} connects you to the internet through one of these countries.</source>
        <translation>{server} le conecta a Internet a través de uno de estos países.</translation>
    </message>
    <message>
        <source>Locations</source>
        <translation>Ubicaciones</translation>
    </message>
    <message>
        <source>{location} (in use)</source>
        <translation>{location} (en uso)</translation>
    </message>
    <message>
        <source>&amp;Use location</source>
        <translation>&amp;Usar esta ubicación</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>VPN login</source>
        <translation>Inicio de sesión VPN</translation>
    </message>
    <message>
        <source>“{profile}” asks for one more answer to connect.</source>
        <translation>«{profile}» pide una respuesta más para conectarse.</translation>
    </message>
    <message>
        <source>“{profile}” asks for your VPN username and password.</source>
        <translation>«{profile}» pide su nombre de usuario y contraseña de VPN.</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Nombre de usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>Nombre de &amp;usuario:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>&amp;Contraseña:</translation>
    </message>
    <message>
        <source>&amp;Remember the username and password in the system keyring</source>
        <translation>&amp;Recordar el nombre de usuario y la contraseña en el llavero del sistema</translation>
    </message>
    <message>
        <source>C&amp;onnect</source>
        <translation>C&amp;onectar</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Stat&amp;us</source>
        <translation>&amp;Estado</translation>
    </message>
    <message>
        <source>Ser&amp;vers</source>
        <translation>Ser&amp;vidores</translation>
    </message>
    <message>
        <source>Se&amp;ttings</source>
        <translation>A&amp;justes</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>The state of your VPN connection</source>
        <translation>El estado de su conexión VPN</translation>
    </message>
    <message>
        <source>Sluis keeps running in the system tray. Use Quit in its menu to end it.</source>
        <translation>Sluis sigue ejecutándose en la bandeja del sistema. Use Salir en su menú para cerrarlo.</translation>
    </message>
    <message>
        <source>Quit Sluis</source>
        <translation>Salir de Sluis</translation>
    </message>
    <message>
        <source>Quitting ends the VPN connection to {server}.</source>
        <translation>Al salir se cierra la conexión VPN con {server}.</translation>
    </message>
    <message>
        <source>&amp;Quit and disconnect</source>
        <translation>&amp;Salir y desconectar</translation>
    </message>
    <message>
        <source>Click here to log in again and renew the session.</source>
        <translation>Haga clic aquí para iniciar sesión de nuevo y renovar la sesión.</translation>
    </message>
</context>
<context>
    <name>ProfilesPage</name>
    <message>
        <source>Choose a profile</source>
        <translation>Elija un perfil</translation>
    </message>
    <message>
        <source>Profiles</source>
        <translation>Perfiles</translation>
    </message>
    <message>
        <source>&amp;Back</source>
        <translation>&amp;Atrás</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Conectar</translation>
    </message>
    <message>
        <source>This profile offers no VPN protocol Sluis can use.</source>
        <translation>Este perfil no ofrece ningún protocolo VPN que Sluis pueda usar.</translation>
    </message>
</context>
<context>
    <name>ServersPage</name>
    <message>
        <source>Your servers</source>
        <translation>Sus servidores</translation>
    </message>
    <message>
        <source>No servers yet. Add one to get started.</source>
        <translation>Todavía no hay servidores. Añada uno para empezar.</translation>
    </message>
    <message>
        <source>Servers</source>
        <translation>Servidores</translation>
    </message>
    <message>
        <source>&amp;Add server…</source>
        <translation>&amp;Añadir servidor…</translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation>&amp;Conectar</translation>
    </message>
    <message>
        <source>&amp;Log in again</source>
        <translation>&amp;Iniciar sesión de nuevo</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>Change l&amp;ocation…</source>
        <translation>Cambiar &amp;ubicación…</translation>
    </message>
    <message>
        <source>&amp;Remove…</source>
        <translation>&amp;Quitar…</translation>
    </message>
    <message>
        <source>&amp;More</source>
        <translation>&amp;Más</translation>
    </message>
    <message>
        <source>More actions for the selected server</source>
        <translation>Más acciones para el servidor seleccionado</translation>
    </message>
    <message>
        <source>&amp;Import profile…</source>
        <translation>Im&amp;portar perfil…</translation>
    </message>
    <message>
        <source>Import a VPN profile file</source>
        <translation>Importar un archivo de perfil VPN</translation>
    </message>
    <message>
        <source>Import an OpenVPN (.ovpn) or WireGuard (.conf) profile file</source>
        <translation>Importar un archivo de perfil OpenVPN (.ovpn) o WireGuard (.conf)</translation>
    </message>
    <message>
        <source>Institute Access</source>
        <translation>Acceso institucional</translation>
    </message>
    <message>
        <source>Secure Internet</source>
        <translation>Internet seguro</translation>
    </message>
    <message>
        <source>Other servers</source>
        <translation>Otros servidores</translation>
    </message>
    <message>
        <source>Imported profiles</source>
        <translation>Perfiles importados</translation>
    </message>
    <message>
        <source>{name} (no longer listed)</source>
        <translation>{name} (ya no figura)</translation>
    </message>
    <message>
        <source>{url}: this server is no longer in the eduVPN server list.</source>
        <translation>{url}: este servidor ya no figura en la lista de servidores de eduVPN.</translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation>&amp;Desconectar</translation>
    </message>
    <message>
        <source>Remove server</source>
        <translation>Quitar servidor</translation>
    </message>
    <message>
        <source>Remove {name}? Sluis forgets its login, and a connection to it ends.</source>
        <translation>¿Quitar {name}? Sluis olvida su inicio de sesión y se cierra cualquier conexión con él.</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Settings</source>
        <translation>Ajustes</translation>
    </message>
    <message>
        <source>Prefer T&amp;CP (for networks that block UDP)</source>
        <translation>Preferir T&amp;CP (para redes que bloquean UDP)</translation>
    </message>
    <message>
        <source>Start at lo&amp;gin</source>
        <translation>Iniciar al i&amp;niciar sesión</translation>
    </message>
    <message>
        <source>Start hi&amp;dden (in the tray)</source>
        <translation>Iniciar &amp;oculto (en la bandeja del sistema)</translation>
    </message>
    <message>
        <source>&amp;Reconnect to the last server at start</source>
        <translation>&amp;Reconectar al último servidor al iniciar</translation>
    </message>
    <message>
        <source>Show the &amp;eduVPN server search</source>
        <translation>Mostrar la &amp;búsqueda de servidores eduVPN</translation>
    </message>
    <message>
        <source>Preferred protocol</source>
        <translation>Protocolo preferido</translation>
    </message>
    <message>
        <source>Let the server choose</source>
        <translation>Dejar que elija el servidor</translation>
    </message>
    <message>
        <source>Preferred &amp;protocol:</source>
        <translation>&amp;Protocolo preferido:</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>When a profile sends all traffic through the VPN, Sluis sends every DNS lookup through it too, and blocks IPv6 outside the VPN if the VPN carries only IPv4.</source>
        <translation>Cuando un perfil envía todo el tráfico por la VPN, Sluis también envía por ella cada consulta DNS y bloquea IPv6 fuera de la VPN si la VPN solo transporta IPv4.</translation>
    </message>
    <message>
        <source>Settings marked as managed are set by your organization.</source>
        <translation>Los ajustes marcados como gestionados los define su organización.</translation>
    </message>
    <message>
        <source>Managed by your organization</source>
        <translation>Gestionado por su organización</translation>
    </message>
    <message>
        <source> (managed)</source>
        <translation> (gestionado)</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>Valid for {hours} h {minutes} min</source>
        <translation>Válida durante {hours} h {minutes} min</translation>
    </message>
    <message>
        <source>Valid for {minutes} min {seconds} s</source>
        <translation>Válida durante {minutes} min {seconds} s</translation>
    </message>
    <message>
        <source>Your VPN session has ended. Log in again to reconnect.</source>
        <translation>Su sesión VPN ha terminado. Inicie sesión de nuevo para volver a conectarse.</translation>
    </message>
    <message numerus="yes">
        <source>Your VPN session ends in %n hour(s).</source>
        <translation>
            <numerusform>Su sesión VPN termina en %n hora.</numerusform>
            <numerusform>Su sesión VPN termina en %n horas.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>No conectado</translation>
    </message>
    <message>
        <source>Waiting for you to log in in the web browser…</source>
        <translation>Esperando a que inicie sesión en el navegador web…</translation>
    </message>
    <message>
        <source>Choose a profile</source>
        <translation>Elija un perfil</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>Conectando…</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>Conectado</translation>
    </message>
    <message>
        <source>Disconnecting…</source>
        <translation>Desconectando…</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Reconnecting…</source>
        <translation>Reconectando…</translation>
    </message>
    <message>
        <source>WireGuard over TCP</source>
        <translation>WireGuard sobre TCP</translation>
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
        <translation>Desconectar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>Conectar</translation>
    </message>
    <message>
        <source>Connect to {server}</source>
        <translation>Conectar con {server}</translation>
    </message>
    <message>
        <source>Show Sluis</source>
        <translation>Mostrar Sluis</translation>
    </message>
    <message>
        <source>Quit Sluis</source>
        <translation>Salir de Sluis</translation>
    </message>
    <message>
        <source>Sluis: {status}</source>
        <translation>Sluis: {status}</translation>
    </message>
</context>
</TS>
