<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_US">
<context>
    <name>ANumberAnswer</name>
    <message>
        <source>A012345678</source>
        <translation>A012345678</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Clinic Intake</source>
        <translation>Acerca de Clinic Intake</translation>
    </message>
    <message>
        <source>Clinic Intake</source>
        <translation>Clinic Intake</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Versión {version}</translation>
    </message>
    <message>
        <source>Clinic Intake logo</source>
        <translation>Logotipo de Clinic Intake</translation>
    </message>
    <message>
        <source>(not recorded)</source>
        <translation>(no consta)</translation>
    </message>
    <message>
        <source>Data location:</source>
        <translation>Ubicación de los datos:</translation>
    </message>
    <message>
        <source>Store:</source>
        <translation>Almacén:</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Carpeta de datos:</translation>
    </message>
    <message>
        <source>No rule pack loaded</source>
        <translation>No hay paquete de reglas cargado</translation>
    </message>
    <message>
        <source>Rule pack:</source>
        <translation>Paquete de reglas:</translation>
    </message>
    <message>
        <source>Free software under the GNU Affero General Public License, version 3 or later.
Qt {qt}, PySide6 {pyside}, Python {python}.</source>
        <translation>Software libre bajo la Licencia Pública General Affero de GNU, versión 3 o posterior.
Qt {qt}, PySide6 {pyside}, Python {python}.</translation>
    </message>
</context>
<context>
    <name>Answers</name>
    <message>
        <source>Type a country and press Enter</source>
        <translation>Escriba un país y pulse Intro</translation>
    </message>
    <message>
        <source>Type a language and press Enter</source>
        <translation>Escriba un idioma y pulse Intro</translation>
    </message>
</context>
<context>
    <name>AttorneyReviewSection</name>
    <message>
        <source>Attorney review</source>
        <translation>Revisión del abogado</translation>
    </message>
    <message>
        <source>No attorney has reviewed these flags yet.</source>
        <translation>Ningún abogado ha revisado estas alertas todavía.</translation>
    </message>
    <message>
        <source>✔ Signed off by {who} on {day}.</source>
        <translation>✔ Aprobada por {who} el {day}.</translation>
    </message>
    <message>
        <source>{flag}: {decision} — {note} ({who}, {day})</source>
        <translation>{flag}: {decision} — {note} ({who}, {day})</translation>
    </message>
    <message>
        <source>{flag}: re-opened — the flag changed since the attorney decided it</source>
        <translation>{flag}: reabierta — la alerta cambió después de la decisión del abogado</translation>
    </message>
    <message>
        <source>{flag}: not reviewed yet</source>
        <translation>{flag}: sin revisar todavía</translation>
    </message>
    <message>
        <source>No flags to review.</source>
        <translation>No hay alertas que revisar.</translation>
    </message>
</context>
<context>
    <name>AuditPage</name>
    <message>
        <source>Everyone</source>
        <translation>Todos</translation>
    </message>
    <message>
        <source>All actions</source>
        <translation>Todas las acciones</translation>
    </message>
    <message>
        <source>{family}* (all)</source>
        <translation>{family}* (todas)</translation>
    </message>
    <message>
        <source>loading filters</source>
        <translation>cargar los filtros</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>loading the audit trail</source>
        <translation>cargar el registro de auditoría</translation>
    </message>
    <message>
        <source> (the newest {n}; narrow the filters to see older ones)</source>
        <translation> (los {n} más recientes; acote los filtros para ver los anteriores)</translation>
    </message>
    <message>
        <source>{n} events</source>
        <translation>{n} eventos</translation>
    </message>
    <message>
        <source>Checking every link of the chain…</source>
        <translation>Comprobando cada eslabón de la cadena…</translation>
    </message>
    <message>
        <source>verifying</source>
        <translation>verificar</translation>
    </message>
</context>
<context>
    <name>AuditPageView</name>
    <message>
        <source>Audit trail</source>
        <translation>Registro de auditoría</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Desde</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;Hasta</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <source>&amp;Verify chain</source>
        <translation>&amp;Verificar la cadena</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>Usuario:</translation>
    </message>
    <message>
        <source>Action:</source>
        <translation>Acción:</translation>
    </message>
</context>
<context>
    <name>AuditTableModel</name>
    <message>
        <source>No.</source>
        <translation>N.º</translation>
    </message>
    <message>
        <source>Time (UTC)</source>
        <translation>Hora (UTC)</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>Registro</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>(system)</source>
        <translation>(sistema)</translation>
    </message>
</context>
<context>
    <name>Autosave</name>
    <message>
        <source>saving the draft</source>
        <translation>guardar el borrador</translation>
    </message>
</context>
<context>
    <name>BatchPdfDialog</name>
    <message>
        <source>Save PDFs of every client</source>
        <translation>Guardar el PDF de cada cliente</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Carpeta</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <source>Intake summary (case file)</source>
        <translation>Resumen de la entrevista (expediente)</translation>
    </message>
    <message>
        <source>Client copy (plain language)</source>
        <translation>Copia para el cliente (lenguaje sencillo)</translation>
    </message>
    <message>
        <source>Usual language</source>
        <translation>Idioma habitual</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <source>Each file is named by the client&apos;s id, never by name; the files are readable by you only.</source>
        <translation>Cada archivo lleva el identificador del cliente, nunca su nombre; solo usted puede leer los archivos.</translation>
    </message>
    <message>
        <source>&amp;Save PDFs</source>
        <translation>&amp;Guardar los PDF</translation>
    </message>
    <message>
        <source>&amp;Folder:</source>
        <translation>&amp;Carpeta:</translation>
    </message>
    <message>
        <source>&amp;Document:</source>
        <translation>&amp;Documento:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>Idio&amp;ma:</translation>
    </message>
    <message>
        <source>Choose the folder to save the PDFs in.</source>
        <translation>Elija la carpeta donde guardar los PDF.</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>saving the PDFs</source>
        <translation>guardar los PDF</translation>
    </message>
    <message>
        <source>Stopping after the current document…</source>
        <translation>Deteniendo después del documento actual…</translation>
    </message>
    <message>
        <source>Folder for the PDFs</source>
        <translation>Carpeta para los PDF</translation>
    </message>
    <message>
        <source>{done} of {total} saved…</source>
        <translation>{done} de {total} guardados…</translation>
    </message>
    <message>
        <source>Cancelled: {written} of {total} PDFs saved (kept).</source>
        <translation>Cancelado: {written} de {total} PDF guardados (se conservan).</translation>
    </message>
    <message>
        <source>Saved {written} of {total} PDFs.</source>
        <translation>Se guardaron {written} de {total} PDF.</translation>
    </message>
    <message>
        <source>{count} could not be made: {first}</source>
        <translation>{count} no se pudieron generar: {first}</translation>
    </message>
</context>
<context>
    <name>CaseworkPages</name>
    <message>
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>Plazos</translation>
    </message>
    <message>
        <source>Policies</source>
        <translation>Políticas</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <source>Change your password</source>
        <translation>Cambiar su contraseña</translation>
    </message>
    <message>
        <source>at least {n} characters</source>
        <translation>al menos {n} caracteres</translation>
    </message>
    <message>
        <source>&amp;Current password:</source>
        <translation>Contraseña &amp;actual:</translation>
    </message>
    <message>
        <source>&amp;New password:</source>
        <translation>Contraseña &amp;nueva:</translation>
    </message>
    <message>
        <source>&amp;Repeat new password:</source>
        <translation>&amp;Repita la contraseña nueva:</translation>
    </message>
    <message>
        <source>The two new passwords differ. Type them again.</source>
        <translation>Las dos contraseñas nuevas no coinciden. Escríbalas de nuevo.</translation>
    </message>
    <message>
        <source>changing the password</source>
        <translation>cambiar la contraseña</translation>
    </message>
    <message>
        <source>Too many wrong passwords: the account is locked. Try again in {wait}.</source>
        <translation>Demasiadas contraseñas incorrectas: la cuenta está bloqueada. Vuelva a intentarlo en {wait}.</translation>
    </message>
    <message>
        <source>The current password is not right.</source>
        <translation>La contraseña actual no es correcta.</translation>
    </message>
</context>
<context>
    <name>ChoiceAnswer</name>
    <message>
        <source>— not answered —</source>
        <translation>— sin respuesta —</translation>
    </message>
</context>
<context>
    <name>ClientListView</name>
    <message>
        <source>{shown} of {total} clients</source>
        <translation>{shown} de {total} clientes</translation>
    </message>
    <message>
        <source>1 client</source>
        <translation>1 cliente</translation>
    </message>
    <message>
        <source>{total} clients</source>
        <translation>{total} clientes</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Find by name or A-number (Ctrl+F)</source>
        <translation>Buscar por nombre o número A (Ctrl+F)</translation>
    </message>
    <message>
        <source>Find clients</source>
        <translation>Buscar clientes</translation>
    </message>
    <message>
        <source>Searches as you type: names in any order, accents and capitals do not matter, one wrong letter is forgiven; or an A-number with or without dashes.</source>
        <translation>Busca mientras escribe: los nombres en cualquier orden, sin importar acentos ni mayúsculas, y se perdona una letra equivocada; o un número A con o sin guiones.</translation>
    </message>
    <message>
        <source>&amp;Urgent flag</source>
        <translation>Alerta &amp;urgente</translation>
    </message>
    <message>
        <source>Only clients whose newest intake has an urgent flag (Alt+U)</source>
        <translation>Solo los clientes cuya entrevista más reciente tiene una alerta urgente (Alt+U)</translation>
    </message>
    <message>
        <source>Not &amp;reviewed</source>
        <translation>Sin &amp;revisar</translation>
    </message>
    <message>
        <source>Only clients with a flag no attorney has decided on yet (Alt+R)</source>
        <translation>Solo los clientes con una alerta sobre la que ningún abogado ha decidido todavía (Alt+R)</translation>
    </message>
    <message>
        <source>&amp;Deadline within</source>
        <translation>Plazo &amp;dentro de</translation>
    </message>
    <message>
        <source>Only clients with a deadline due within the chosen days, overdue ones included (Alt+D)</source>
        <translation>Solo los clientes con un plazo que vence dentro de los días elegidos, incluidos los vencidos (Alt+D)</translation>
    </message>
    <message>
        <source>{days} days</source>
        <translation>{days} días</translation>
    </message>
    <message>
        <source>Deadline horizon</source>
        <translation>Horizonte del plazo</translation>
    </message>
    <message>
        <source>Client list</source>
        <translation>Lista de clientes</translation>
    </message>
    <message>
        <source>Client list status</source>
        <translation>Estado de la lista de clientes</translation>
    </message>
    <message>
        <source>an urgent flag</source>
        <translation>una alerta urgente</translation>
    </message>
    <message>
        <source>a flag not reviewed</source>
        <translation>una alerta sin revisar</translation>
    </message>
    <message>
        <source>a deadline within {days} days</source>
        <translation>un plazo dentro de {days} días</translation>
    </message>
    <message>
        <source>{error}

Clients ▸ Refresh (F5) tries again.</source>
        <translation>{error}

Clientes ▸ Actualizar (F5) lo intenta de nuevo.</translation>
    </message>
    <message>
        <source>Loading clients…</source>
        <translation>Cargando clientes…</translation>
    </message>
    <message>
        <source>No clients yet — File ▸ Import intake files… (Ctrl+I)</source>
        <translation>Todavía no hay clientes — Archivo ▸ Importar archivos de entrevista… (Ctrl+I)</translation>
    </message>
    <message>
        <source>No clients match “{query}” with {filters}. Turn a filter off, or press Esc to clear the search.</source>
        <translation>Ningún cliente coincide con «{query}» con {filters}. Quite un filtro o pulse Esc para borrar la búsqueda.</translation>
    </message>
    <message>
        <source>, </source>
        <translation>, </translation>
    </message>
    <message>
        <source>No clients match “{query}”. Check the spelling, or search by A-number. Press Esc to clear the search.</source>
        <translation>Ningún cliente coincide con «{query}». Revise la ortografía o busque por número A. Pulse Esc para borrar la búsqueda.</translation>
    </message>
    <message>
        <source>No clients with {filters}. Turn a filter off to see more.</source>
        <translation>No hay clientes con {filters}. Quite un filtro para ver más.</translation>
    </message>
    <message>
        <source>No exact match for “{query}” — showing similar names (in italics).</source>
        <translation>No hay coincidencia exacta con «{query}»: se muestran nombres parecidos (en cursiva).</translation>
    </message>
    <message>
        <source>Exact matches first, then 1 similar name (in italics).</source>
        <translation>Primero las coincidencias exactas y después 1 nombre parecido (en cursiva).</translation>
    </message>
    <message>
        <source>Exact matches first, then {count} similar names (in italics).</source>
        <translation>Primero las coincidencias exactas y después {count} nombres parecidos (en cursiva).</translation>
    </message>
</context>
<context>
    <name>ClientTableModel</name>
    <message>
        <source>{count} ({urgent} urgent)</source>
        <translation>{count} (urgentes: {urgent})</translation>
    </message>
    <message>
        <source>Policy flags that may apply — attorney to review</source>
        <translation>Alertas de políticas que pueden aplicar — para revisión del abogado</translation>
    </message>
    <message>
        <source>This column cannot be sorted</source>
        <translation>Esta columna no se puede ordenar</translation>
    </message>
    <message>
        <source>Loading</source>
        <translation>Cargando</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>no consta</translation>
    </message>
    <message>
        <source>loading the client list</source>
        <translation>cargar la lista de clientes</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Nationality</source>
        <translation>Nacionalidad</translation>
    </message>
    <message>
        <source>A-number</source>
        <translation>Número A</translation>
    </message>
    <message>
        <source>Last entry</source>
        <translation>Última entrada</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Similar spelling: this name is one letter away from what you typed.</source>
        <translation>Ortografía parecida: este nombre difiere en una letra de lo que escribió.</translation>
    </message>
    <message>
        <source>No entry to the U.S. recorded</source>
        <translation>No consta ninguna entrada a EE. UU.</translation>
    </message>
    <message>
        <source>No policy flags raised</source>
        <translation>No se activó ninguna alerta de política</translation>
    </message>
    <message>
        <source>1 flag may apply — attorney to review</source>
        <translation>1 alerta puede aplicar — para revisión del abogado</translation>
    </message>
    <message>
        <source>{count} flags may apply — attorney to review</source>
        <translation>{count} alertas pueden aplicar — para revisión del abogado</translation>
    </message>
    <message>
        <source>{urgent} urgent: act now</source>
        <translation>urgentes: {urgent} — actúe ahora</translation>
    </message>
</context>
<context>
    <name>CodeListPicker</name>
    <message>
        <source>Nothing found for “{text}”.</source>
        <translation>No se encontró nada para «{text}».</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>Quitar {name}</translation>
    </message>
</context>
<context>
    <name>CompletionPanel</name>
    <message>
        <source>Hide</source>
        <translation>Ocultar</translation>
    </message>
    <message>
        <source>Hide the list of what is missing</source>
        <translation>Ocultar la lista de lo que falta</translation>
    </message>
    <message>
        <source>Not complete yet: 1 thing to add or fix.</source>
        <translation>Aún no está completa: falta 1 cosa por añadir o corregir.</translation>
    </message>
    <message>
        <source>Not complete yet: {count} things to add or fix.</source>
        <translation>Aún no está completa: faltan {count} cosas por añadir o corregir.</translation>
    </message>
    <message>
        <source>Intake complete: flags stored for the attorney&apos;s review.</source>
        <translation>Entrevista completa: las alertas quedan guardadas para la revisión del abogado.</translation>
    </message>
</context>
<context>
    <name>CountryAnswer</name>
    <message>
        <source>Type a country</source>
        <translation>Escriba un país</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <source>e.g. 15/08/2019, July 2019, 2019, between Dec 2024 and Jan 2025</source>
        <translation>p. ej. 15/08/2019, julio 2019, 2019, entre dic 2024 y ene 2025</translation>
    </message>
    <message>
        <source>e.g. 15/08/2019, July 2019 or 2019</source>
        <translation>p. ej. 15/08/2019, julio 2019 o 2019</translation>
    </message>
    <message>
        <source>Approximate</source>
        <translation>Aproximada</translation>
    </message>
    <message>
        <source>The client is not sure of this date.</source>
        <translation>El cliente no está seguro de esta fecha.</translation>
    </message>
    <message>
        <source>HH:MM</source>
        <translation>HH:MM</translation>
    </message>
    <message>
        <source>Time of day (24-hour)</source>
        <translation>Hora del día (24 horas)</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zona horaria</translation>
    </message>
    <message>
        <source>Time (24 h), if it matters:</source>
        <translation>Hora (24 h), si importa:</translation>
    </message>
    <message>
        <source>Time zone:</source>
        <translation>Zona horaria:</translation>
    </message>
    <message>
        <source>{question}: approximate</source>
        <translation>{question}: aproximada</translation>
    </message>
    <message>
        <source>Understood as: {when}</source>
        <translation>Entendido como: {when}</translation>
    </message>
</context>
<context>
    <name>DeadlineTableModel</name>
    <message>
        <source>earliest possible: {basis} (latest {latest})</source>
        <translation>fecha más temprana posible: {basis} (la más tardía: {latest})</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Vence</translation>
    </message>
    <message>
        <source>Days left</source>
        <translation>Días restantes</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>Plazo</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Based on</source>
        <translation>Según</translation>
    </message>
</context>
<context>
    <name>DeadlineWording</name>
    <message>
        <source>MPP hearing</source>
        <translation>Audiencia de MPP</translation>
    </message>
    <message>
        <source>One-year asylum filing deadline</source>
        <translation>Plazo de un año para solicitar asilo</translation>
    </message>
    <message>
        <source>Unaccompanied child turns 18</source>
        <translation>Menor no acompañado cumple 18 años</translation>
    </message>
    <message>
        <source>Parole ends</source>
        <translation>Fin del parole</translation>
    </message>
    <message>
        <source>Hearing</source>
        <translation>Audiencia</translation>
    </message>
    <message>
        <source>One-year filing</source>
        <translation>Plazo de un año</translation>
    </message>
    <message>
        <source>Turns 18</source>
        <translation>Cumple 18 años</translation>
    </message>
    <message>
        <source>today</source>
        <translation>hoy</translation>
    </message>
    <message>
        <source>tomorrow</source>
        <translation>mañana</translation>
    </message>
    <message>
        <source>in {n} days</source>
        <translation>en {n} días</translation>
    </message>
    <message>
        <source>1 day overdue</source>
        <translation>vencido hace 1 día</translation>
    </message>
    <message>
        <source>{n} days overdue</source>
        <translation>vencido hace {n} días</translation>
    </message>
    <message>
        <source>(earliest possible)</source>
        <translation>(fecha más temprana posible)</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Vencidos</translation>
    </message>
    <message>
        <source>Next 7 days</source>
        <translation>Próximos 7 días</translation>
    </message>
    <message>
        <source>Next 30 days</source>
        <translation>Próximos 30 días</translation>
    </message>
    <message>
        <source>Next 90 days</source>
        <translation>Próximos 90 días</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>Más adelante</translation>
    </message>
    <message>
        <source>last arrival {date}</source>
        <translation>última llegada {date}</translation>
    </message>
    <message>
        <source>born {date}</source>
        <translation>nació {date}</translation>
    </message>
    <message>
        <source>termination notice of {date}</source>
        <translation>aviso de terminación del {date}</translation>
    </message>
    <message>
        <source>{program} parole until {date}</source>
        <translation>parole de {program} hasta {date}</translation>
    </message>
    <message>
        <source>parole until {date}</source>
        <translation>parole hasta {date}</translation>
    </message>
    <message>
        <source>hearing recorded for {date}</source>
        <translation>audiencia registrada para {date}</translation>
    </message>
</context>
<context>
    <name>DeadlinesPage</name>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>loading deadlines</source>
        <translation>cargar los plazos</translation>
    </message>
    <message>
        <source>{n} shown; {overdue} overdue; today is {today}.</source>
        <translation>{n} mostrados; {overdue} vencidos; hoy es {today}.</translation>
    </message>
    <message>
        <source>&amp;All open</source>
        <translation>&amp;Todos los abiertos</translation>
    </message>
    <message>
        <source>Export deadlines</source>
        <translation>Exportar los plazos</translation>
    </message>
    <message>
        <source>Calendar files (*.ics)</source>
        <translation>Archivos de calendario (*.ics)</translation>
    </message>
    <message>
        <source>exporting deadlines</source>
        <translation>exportar los plazos</translation>
    </message>
    <message>
        <source>Saved {n} deadlines to {path}. The file names no client (short id and initials only).</source>
        <translation>Se guardaron {n} plazos en {path}. El archivo no nombra a ningún cliente (solo identificador corto e iniciales).</translation>
    </message>
    <message>
        <source>recomputing deadlines</source>
        <translation>recalcular los plazos</translation>
    </message>
</context>
<context>
    <name>DeadlinesPageView</name>
    <message>
        <source>Deadlines</source>
        <translation>Plazos</translation>
    </message>
    <message>
        <source>One-year filing deadlines, unaccompanied children turning 18, parole ends and hearings, from every client&apos;s newest intake. A partial or uncertain date gives the earliest possible day. No weekend or holiday roll-over: an attorney confirms each date.</source>
        <translation>Plazos de un año para solicitar asilo, menores no acompañados que cumplen 18 años, fin del permiso de permanencia temporal (parole) y audiencias, según la entrevista más reciente de cada cliente. Una fecha parcial o incierta da el primer día posible. No se corre a otro día por fines de semana ni feriados: un abogado confirma cada fecha.</translation>
    </message>
    <message>
        <source>Re&amp;compute</source>
        <translation>Re&amp;calcular</translation>
    </message>
    <message>
        <source>Compute every client&apos;s deadlines again from the stored intakes</source>
        <translation>Calcular de nuevo los plazos de cada cliente a partir de las entrevistas guardadas</translation>
    </message>
    <message>
        <source>&amp;Export .ics…</source>
        <translation>&amp;Exportar .ics…</translation>
    </message>
    <message>
        <source>A calendar file for Outlook, Google or Apple Calendar. It names no client: calendars sync to phones and clouds.</source>
        <translation>Un archivo de calendario para Outlook, Google o Apple Calendar. No nombra a ningún cliente: los calendarios se sincronizan con teléfonos y con la nube.</translation>
    </message>
</context>
<context>
    <name>DispositionDialog</name>
    <message>
        <source>Decide: {title}</source>
        <translation>Decidir: {title}</translation>
    </message>
    <message>
        <source>Decided before: {decision} by {who} on {day}: {note}</source>
        <translation>Decidido antes: {decision} por {who} el {day}: {note}</translation>
    </message>
    <message>
        <source>&amp;Note (required): why, in words another attorney will understand later</source>
        <translation>&amp;Nota (obligatoria): por qué, en palabras que otro abogado entienda más adelante</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>&amp;Record decision</source>
        <translation>&amp;Registrar la decisión</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>&amp;Confirmed: the policy may apply; act on it</source>
        <translation>&amp;Confirmada: la política puede aplicar; hay que actuar</translation>
    </message>
    <message>
        <source>N&amp;ot applicable: the facts do not bring this client under it</source>
        <translation>N&amp;o aplica: los hechos no colocan a este cliente bajo esa política</translation>
    </message>
    <message>
        <source>Needs more &amp;facts: ask the client or get the documents first</source>
        <translation>Faltan &amp;hechos: pregunte al cliente o consiga primero los documentos</translation>
    </message>
    <message>
        <source>Choose a decision and write a note first</source>
        <translation>Elija una decisión y escriba primero una nota</translation>
    </message>
</context>
<context>
    <name>Dispositions</name>
    <message>
        <source>Confirmed</source>
        <translation>Confirmada</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>No aplica</translation>
    </message>
    <message>
        <source>Needs more facts</source>
        <translation>Faltan hechos</translation>
    </message>
    <message>
        <source>Signed off</source>
        <translation>Aprobada</translation>
    </message>
    <message>
        <source>Re-opened</source>
        <translation>Reabierta</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <source>&amp;Print / Save as PDF…</source>
        <translation>&amp;Imprimir / Guardar como PDF…</translation>
    </message>
    <message>
        <source>Preview the intake summary or the client copy of the selected client, then print or save it</source>
        <translation>Ver el resumen de la entrevista o la copia para el cliente seleccionado y luego imprimirlo o guardarlo</translation>
    </message>
    <message>
        <source>Save PDFs of &amp;every client…</source>
        <translation>Guardar el PDF de &amp;todos los clientes…</translation>
    </message>
    <message>
        <source>One PDF per client into a folder</source>
        <translation>Un PDF por cliente en una carpeta</translation>
    </message>
    <message>
        <source>Select a client in the list first, then press Ctrl+P.</source>
        <translation>Primero seleccione un cliente en la lista y luego pulse Ctrl+P.</translation>
    </message>
</context>
<context>
    <name>DocumentPreviewDialog</name>
    <message>
        <source>Print or save as PDF</source>
        <translation>Imprimir o guardar como PDF</translation>
    </message>
    <message>
        <source>Intake summary (case file)</source>
        <translation>Resumen de la entrevista (expediente)</translation>
    </message>
    <message>
        <source>Client copy (plain language)</source>
        <translation>Copia para el cliente (lenguaje sencillo)</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Documento</translation>
    </message>
    <message>
        <source>Usual language</source>
        <translation>Idioma habitual</translation>
    </message>
    <message>
        <source>Language of the document</source>
        <translation>Idioma del documento</translation>
    </message>
    <message>
        <source>Usual: English for the case file, the client&apos;s own language for the client copy</source>
        <translation>Habitual: inglés para el expediente y el idioma del cliente para su copia</translation>
    </message>
    <message>
        <source>&amp;Document:</source>
        <translation>&amp;Documento:</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>Idio&amp;ma:</translation>
    </message>
    <message>
        <source>Preview of the pages</source>
        <translation>Vista previa de las páginas</translation>
    </message>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>&amp;Guardar como PDF…</translation>
    </message>
    <message>
        <source>Save as PDF (Ctrl+S)</source>
        <translation>Guardar como PDF (Ctrl+S)</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimir…</translation>
    </message>
    <message>
        <source>Print (Ctrl+P)</source>
        <translation>Imprimir (Ctrl+P)</translation>
    </message>
    <message>
        <source>Preparing the preview…</source>
        <translation>Preparando la vista previa…</translation>
    </message>
    <message>
        <source>Page {number}</source>
        <translation>Página {number}</translation>
    </message>
    <message>
        <source>1 page</source>
        <translation>1 página</translation>
    </message>
    <message>
        <source>{count} pages</source>
        <translation>{count} páginas</translation>
    </message>
</context>
<context>
    <name>DocumentPrinting</name>
    <message>
        <source>Preparing the preview…</source>
        <translation>Preparando la vista previa…</translation>
    </message>
    <message>
        <source>No preview on this computer: Save as PDF and open the file to look at it.</source>
        <translation>No hay vista previa en esta computadora: guarde como PDF y abra el archivo para verlo.</translation>
    </message>
    <message>
        <source>preparing the print preview</source>
        <translation>preparar la vista previa de impresión</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Saved {path} ({pages} pages).</source>
        <translation>Se guardó {path} ({pages} páginas).</translation>
    </message>
    <message>
        <source>saving the PDF</source>
        <translation>guardar el PDF</translation>
    </message>
    <message>
        <source>Preparing the pages for the printer…</source>
        <translation>Preparando las páginas para la impresora…</translation>
    </message>
    <message>
        <source>Sent {count} pages to the printer.</source>
        <translation>Se enviaron {count} páginas a la impresora.</translation>
    </message>
    <message>
        <source>preparing the pages for the printer</source>
        <translation>preparar las páginas para la impresora</translation>
    </message>
</context>
<context>
    <name>EventForm</name>
    <message>
        <source>Kind of event</source>
        <translation>Tipo de evento</translation>
    </message>
</context>
<context>
    <name>FactsTableModel</name>
    <message>
        <source>Section</source>
        <translation>Sección</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>Pregunta</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Respuesta</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <source>Set up Clinic Intake</source>
        <translation>Configurar Clinic Intake</translation>
    </message>
    <message>
        <source>Welcome to Clinic Intake</source>
        <translation>Bienvenido a Clinic Intake</translation>
    </message>
    <message>
        <source>Clients&apos; records are kept encrypted on this computer. Name the clinic and create its first administrator, who can then add the other users. Write the password down somewhere safe: without any administrator&apos;s password the records cannot be recovered.</source>
        <translation>Los expedientes de los clientes se guardan cifrados en esta computadora. Indique el nombre de la clínica y cree su primer administrador, que luego podrá añadir a los demás usuarios. Anote la contraseña en un lugar seguro: sin la contraseña de algún administrador no se pueden recuperar los expedientes.</translation>
    </message>
    <message>
        <source>at least {n} characters</source>
        <translation>al menos {n} caracteres</translation>
    </message>
    <message>
        <source>&amp;Clinic name:</source>
        <translation>Nombre de la &amp;clínica:</translation>
    </message>
    <message>
        <source>Admin &amp;username:</source>
        <translation>&amp;Usuario administrador:</translation>
    </message>
    <message>
        <source>Admin&apos;s &amp;full name:</source>
        <translation>Nombre comp&amp;leto del administrador:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>Con&amp;traseña:</translation>
    </message>
    <message>
        <source>&amp;Repeat password:</source>
        <translation>&amp;Repita la contraseña:</translation>
    </message>
    <message>
        <source>&amp;Load fictional sample clients to try the app</source>
        <translation>Cargar clientes &amp;ficticios de ejemplo para probar la aplicación</translation>
    </message>
    <message>
        <source>&amp;Create the clinic</source>
        <translation>Crear la clí&amp;nica</translation>
    </message>
    <message>
        <source>Type the clinic&apos;s name.</source>
        <translation>Escriba el nombre de la clínica.</translation>
    </message>
    <message>
        <source>The two passwords differ. Type them again.</source>
        <translation>Las dos contraseñas no coinciden. Escríbalas de nuevo.</translation>
    </message>
    <message>
        <source>Creating the encrypted store…</source>
        <translation>Creando el almacén cifrado…</translation>
    </message>
</context>
<context>
    <name>FlagCard</name>
    <message>
        <source>May apply — attorney to review.</source>
        <translation>Puede aplicar — para revisión del abogado.</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Details of “{title}”</source>
        <translation>Detalles de «{title}»</translation>
    </message>
    <message>
        <source>Facts behind this flag</source>
        <translation>Hechos en los que se basa esta alerta</translation>
    </message>
    <message>
        <source>Go to this answer</source>
        <translation>Ir a esta respuesta</translation>
    </message>
    <message>
        <source>Go to {fact}</source>
        <translation>Ir a {fact}</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Fuentes</translation>
    </message>
</context>
<context>
    <name>FlagDecisionCard</name>
    <message>
        <source>Change decision…</source>
        <translation>Cambiar la decisión…</translation>
    </message>
    <message>
        <source>Decide…</source>
        <translation>Decidir…</translation>
    </message>
    <message>
        <source>Decide “{title}”</source>
        <translation>Decidir «{title}»</translation>
    </message>
    <message>
        <source>✔ {decision} — {note} ({who}, {day})</source>
        <translation>✔ {decision} — {note} ({who}, {day})</translation>
    </message>
    <message>
        <source>Not decided yet.</source>
        <translation>Sin decidir todavía.</translation>
    </message>
</context>
<context>
    <name>FlagsPanel</name>
    <message>
        <source>Urgent</source>
        <translation>Urgente</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Verificar</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Flags appear here as you answer.</source>
        <translation>Las alertas aparecen aquí a medida que responde.</translation>
    </message>
    <message>
        <source>Facts the rules still need:</source>
        <translation>Hechos que las reglas aún necesitan:</translation>
    </message>
    <message>
        <source>No flags for the answers so far.</source>
        <translation>Ninguna alerta con las respuestas hasta ahora.</translation>
    </message>
    <message>
        <source>1 flag</source>
        <translation>1 alerta</translation>
    </message>
    <message>
        <source>{count} flags</source>
        <translation>{count} alertas</translation>
    </message>
    <message>
        <source>Not screened until corrected: {answers}</source>
        <translation>No se evalúa hasta que se corrija: {answers}</translation>
    </message>
</context>
<context>
    <name>HouseholdEditor</name>
    <message>
        <source>&amp;Add a person ({item})</source>
        <translation>&amp;Añadir una persona ({item})</translation>
    </message>
    <message>
        <source>No one added yet.</source>
        <translation>Todavía no se ha añadido a nadie.</translation>
    </message>
</context>
<context>
    <name>ImportResultsDialog</name>
    <message>
        <source>Import results</source>
        <translation>Resultado de la importación</translation>
    </message>
    <message>
        <source>Files not imported and their problems</source>
        <translation>Archivos no importados y sus problemas</translation>
    </message>
    <message>
        <source>The file could not be read.</source>
        <translation>No se pudo leer el archivo.</translation>
    </message>
    <message>
        <source>&amp;Copy list</source>
        <translation>&amp;Copiar la lista</translation>
    </message>
    <message>
        <source>1 file imported.</source>
        <translation>1 archivo importado.</translation>
    </message>
    <message>
        <source>{count} files imported.</source>
        <translation>{count} archivos importados.</translation>
    </message>
    <message>
        <source>1 file not imported: nothing from it was stored. Fix the problems listed below and import it again.</source>
        <translation>1 archivo no importado: no se guardó nada de él. Corrija los problemas que se indican abajo e impórtelo de nuevo.</translation>
    </message>
    <message>
        <source>{count} files not imported: nothing from them was stored. Fix the problems listed below and import those files again.</source>
        <translation>{count} archivos no importados: no se guardó nada de ellos. Corrija los problemas que se indican abajo e importe esos archivos de nuevo.</translation>
    </message>
</context>
<context>
    <name>IntakeEditor</name>
    <message>
        <source>Saved {time}</source>
        <translation>Guardado a las {time}</translation>
    </message>
    <message>
        <source>Recovered a draft saved at {time} — nothing was lost.</source>
        <translation>Se recuperó un borrador guardado a las {time}: no se perdió nada.</translation>
    </message>
    <message>
        <source>Recovered a draft — nothing was lost.</source>
        <translation>Se recuperó un borrador: no se perdió nada.</translation>
    </message>
    <message>
        <source>New client</source>
        <translation>Cliente nuevo</translation>
    </message>
    <message>
        <source>updating the flags</source>
        <translation>actualizar las alertas</translation>
    </message>
    <message>
        <source>completing the intake</source>
        <translation>completar la entrevista</translation>
    </message>
    <message>
        <source>loading the attorney review</source>
        <translation>cargar la revisión del abogado</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>Completa</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>Borrador</translation>
    </message>
    <message>
        <source>Not saved: {message} Your answers stay here; the next change tries again.</source>
        <translation>No se guardó: {message} Sus respuestas siguen aquí; el próximo cambio lo intentará de nuevo.</translation>
    </message>
</context>
<context>
    <name>IntakeFacts</name>
    <message>
        <source>None</source>
        <translation>Ninguno</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
</context>
<context>
    <name>IntakeImportFlow</name>
    <message>
        <source>Import intake files</source>
        <translation>Importar archivos de entrevista</translation>
    </message>
    <message>
        <source>Intake files (*.json);;All files (*)</source>
        <translation>Archivos de entrevista (*.json);;Todos los archivos (*)</translation>
    </message>
    <message>
        <source>importing intake files</source>
        <translation>importar los archivos de entrevista</translation>
    </message>
    <message>
        <source>Imported 1 file.</source>
        <translation>Se importó 1 archivo.</translation>
    </message>
    <message>
        <source>Imported {count} files.</source>
        <translation>Se importaron {count} archivos.</translation>
    </message>
    <message>
        <source>1 file not imported — see the list.</source>
        <translation>1 archivo no importado — vea la lista.</translation>
    </message>
    <message>
        <source>{count} files not imported — see the list.</source>
        <translation>{count} archivos no importados — vea la lista.</translation>
    </message>
    <message>
        <source>Nothing was imported.</source>
        <translation>No se importó nada.</translation>
    </message>
</context>
<context>
    <name>IntakeReview</name>
    <message>
        <source>level {old} → {new}</source>
        <translation>nivel {old} → {new}</translation>
    </message>
    <message>
        <source>new facts: {facts}</source>
        <translation>hechos nuevos: {facts}</translation>
    </message>
    <message>
        <source>no longer behind it: {facts}</source>
        <translation>ya no la sustentan: {facts}</translation>
    </message>
    <message>
        <source>edited: {facts}</source>
        <translation>modificados: {facts}</translation>
    </message>
    <message>
        <source>the flag was screened again</source>
        <translation>la alerta se evaluó de nuevo</translation>
    </message>
    <message>
        <source>Re-opened by a new screening: {what}.</source>
        <translation>Reabierta por una nueva evaluación: {what}.</translation>
    </message>
</context>
<context>
    <name>IntakeReviewPanel</name>
    <message>
        <source>&amp;Flags</source>
        <translation>&amp;Alertas</translation>
    </message>
    <message>
        <source>&amp;Answers</source>
        <translation>&amp;Respuestas</translation>
    </message>
    <message>
        <source>&amp;Border timeline</source>
        <translation>&amp;Cronología fronteriza</translation>
    </message>
    <message>
        <source>&amp;History</source>
        <translation>&amp;Historial</translation>
    </message>
    <message>
        <source>&amp;Sign off intake…</source>
        <translation>A&amp;probar la entrevista…</translation>
    </message>
    <message>
        <source>complete</source>
        <translation>completa</translation>
    </message>
    <message>
        <source>draft</source>
        <translation>borrador</translation>
    </message>
    <message>
        <source>Intake {status}, screened as of {day} with {pack}. Read-only: the paralegal changes the answers.</source>
        <translation>Entrevista {status}, evaluada al {day} con {pack}. Solo lectura: el asistente legal es quien cambia las respuestas.</translation>
    </message>
    <message>
        <source>no rule pack</source>
        <translation>sin paquete de reglas</translation>
    </message>
    <message>
        <source>Deadlines:</source>
        <translation>Plazos:</translation>
    </message>
    <message>
        <source>No deadline recorded.</source>
        <translation>No consta ningún plazo.</translation>
    </message>
    <message>
        <source>✔ Signed off by {who} on {day}.</source>
        <translation>✔ Aprobada por {who} el {day}.</translation>
    </message>
    <message>
        <source>{n} of {total} flags still to decide before sign-off.</source>
        <translation>Quedan {n} de {total} alertas por decidir antes de aprobar.</translation>
    </message>
    <message>
        <source>Every flag is decided: ready to sign off.</source>
        <translation>Todas las alertas están decididas: lista para aprobar.</translation>
    </message>
</context>
<context>
    <name>IntakeTabs</name>
    <message>
        <source>Client list</source>
        <translation>Lista de clientes</translation>
    </message>
    <message>
        <source>Close intake</source>
        <translation>Cerrar la entrevista</translation>
    </message>
    <message>
        <source>opening the intake</source>
        <translation>abrir la entrevista</translation>
    </message>
    <message>
        <source>looking for unfinished intakes</source>
        <translation>buscar entrevistas sin terminar</translation>
    </message>
</context>
<context>
    <name>IntakeWindow</name>
    <message>
        <source>Dismiss</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Save state</source>
        <translation>Estado del guardado</translation>
    </message>
    <message>
        <source>Complete intake</source>
        <translation>Completar la entrevista</translation>
    </message>
    <message>
        <source>Check that nothing is missing and complete the intake ({shortcut})</source>
        <translation>Comprobar que no falte nada y completar la entrevista ({shortcut})</translation>
    </message>
    <message>
        <source>Sections of the intake</source>
        <translation>Secciones de la entrevista</translation>
    </message>
    <message>
        <source>Save now</source>
        <translation>Guardar ahora</translation>
    </message>
</context>
<context>
    <name>LockScreen</name>
    <message>
        <source>Clinic Intake is locked</source>
        <translation>Clinic Intake está bloqueado</translation>
    </message>
    <message>
        <source>Signed in: {user}. Only this user&apos;s password unlocks it.</source>
        <translation>Sesión iniciada: {user}. Solo la contraseña de este usuario lo desbloquea.</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Password of {user}</source>
        <translation>Contraseña de {user}</translation>
    </message>
    <message>
        <source>&amp;Unlock</source>
        <translation>&amp;Desbloquear</translation>
    </message>
    <message>
        <source>Someone else? Sign out first; anything not yet saved in the open windows is then lost.</source>
        <translation>¿Es otra persona? Cierre primero la sesión; lo que aún no se haya guardado en las ventanas abiertas se perderá.</translation>
    </message>
    <message>
        <source>&amp;Sign out</source>
        <translation>&amp;Cerrar sesión</translation>
    </message>
    <message>
        <source>Type your password to unlock.</source>
        <translation>Escriba su contraseña para desbloquear.</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Sign in — Clinic Intake</source>
        <translation>Iniciar sesión — Clinic Intake</translation>
    </message>
    <message>
        <source>Sign in to Clinic Intake</source>
        <translation>Iniciar sesión en Clinic Intake</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>&amp;Username:</source>
        <translation>&amp;Usuario:</translation>
    </message>
    <message>
        <source>&amp;Password:</source>
        <translation>Con&amp;traseña:</translation>
    </message>
    <message>
        <source>After 5 wrong passwords in a row the account is locked for a while; an administrator can lift the lock.</source>
        <translation>Tras 5 contraseñas incorrectas seguidas, la cuenta se bloquea por un tiempo; un administrador puede levantar el bloqueo.</translation>
    </message>
    <message>
        <source>Sign &amp;in</source>
        <translation>&amp;Iniciar sesión</translation>
    </message>
    <message>
        <source>Store: {location}</source>
        <translation>Almacén: {location}</translation>
    </message>
    <message>
        <source>Type your username and password.</source>
        <translation>Escriba su usuario y su contraseña.</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Iniciando sesión…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Clinic Intake</source>
        <translation>Clinic Intake</translation>
    </message>
    <message>
        <source>Sections</source>
        <translation>Secciones</translation>
    </message>
    <message>
        <source>Clients</source>
        <translation>Clientes</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>{page} ({shortcut})</source>
        <translation>{page} ({shortcut})</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Clients</source>
        <translation>&amp;Clientes</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;Import intake files…</source>
        <translation>&amp;Importar archivos de entrevista…</translation>
    </message>
    <message>
        <source>Add clients from clinic-intake JSON files</source>
        <translation>Añadir clientes desde archivos JSON de clinic-intake</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Configuración…</translation>
    </message>
    <message>
        <source>Language of the screens, on this computer</source>
        <translation>Idioma de las pantallas, en esta computadora</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <source>Reload the client list from the store</source>
        <translation>Volver a cargar la lista de clientes desde el almacén</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Buscar…</translation>
    </message>
    <message>
        <source>Search clients by name or A-number</source>
        <translation>Buscar clientes por nombre o número A</translation>
    </message>
    <message>
        <source>&amp;New client</source>
        <translation>Cliente &amp;nuevo</translation>
    </message>
    <message>
        <source>Start the intake of a new client</source>
        <translation>Empezar la entrevista de un cliente nuevo</translation>
    </message>
    <message>
        <source>&amp;About Clinic Intake</source>
        <translation>&amp;Acerca de Clinic Intake</translation>
    </message>
    <message>
        <source>Data store</source>
        <translation>Almacén de datos</translation>
    </message>
    <message>
        <source>Rule pack</source>
        <translation>Paquete de reglas</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>Trabajando</translation>
    </message>
    <message>
        <source>Importing 1 file…</source>
        <translation>Importando 1 archivo…</translation>
    </message>
    <message>
        <source>Importing {count} files…</source>
        <translation>Importando {count} archivos…</translation>
    </message>
</context>
<context>
    <name>MemberForm</name>
    <message>
        <source>Remove this person</source>
        <translation>Quitar a esta persona</translation>
    </message>
</context>
<context>
    <name>Places</name>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
</context>
<context>
    <name>PoliciesPage</name>
    <message>
        <source>Policies</source>
        <translation>Políticas</translation>
    </message>
    <message>
        <source>Flags of the rule pack</source>
        <translation>Alertas del paquete de reglas</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>loading the rule pack</source>
        <translation>cargar el paquete de reglas</translation>
    </message>
    <message>
        <source>No rule pack is loaded: nothing is screened.</source>
        <translation>No hay ningún paquete de reglas cargado: no se evalúa nada.</translation>
    </message>
    <message>
        <source>Rule pack {id} {version}, reviewed by the clinic&apos;s lawyers on {reviewed}; legal status as of sources dated up to {sources}.</source>
        <translation>Paquete de reglas {id} {version}, revisado por los abogados de la clínica el {reviewed}; situación legal según fuentes con fecha hasta el {sources}.</translation>
    </message>
</context>
<context>
    <name>PolicyDetail</name>
    <message>
        <source>Legal-status timeline</source>
        <translation>Cronología de la situación legal</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Fuentes</translation>
    </message>
    <message>
        <source>{id} · Policy: {policy}</source>
        <translation>{id} · Política: {policy}</translation>
    </message>
    <message>
        <source>Level when it fires: {levels}.</source>
        <translation>Nivel cuando se activa: {levels}.</translation>
    </message>
    <message>
        <source>Its windows start or end on: {days}.</source>
        <translation>Sus periodos empiezan o terminan el: {days}.</translation>
    </message>
    <message>
        <source>No sources of its own (a meta flag).</source>
        <translation>Sin fuentes propias (una alerta general).</translation>
    </message>
    <message>
        <source>Clients it flags now: {n}</source>
        <translation>Clientes que marca ahora: {n}</translation>
    </message>
</context>
<context>
    <name>PolicyFlagListModel</name>
    <message>
        <source>{title} ({n})</source>
        <translation>{title} ({n})</translation>
    </message>
</context>
<context>
    <name>QuestionRow</name>
    <message>
        <source>Not asked for this client any more; the answer is kept. Clear it if it no longer applies.</source>
        <translation>Ya no se pregunta para este cliente; la respuesta se conserva. Bórrela si ya no corresponde.</translation>
    </message>
</context>
<context>
    <name>ReportChart</name>
    <message>
        <source>Chart</source>
        <translation>Gráfico</translation>
    </message>
    <message>
        <source>Nothing to chart.</source>
        <translation>No hay nada que graficar.</translation>
    </message>
    <message>
        <source>Other ({count})</source>
        <translation>Otros ({count})</translation>
    </message>
</context>
<context>
    <name>ReportsPage</name>
    <message>
        <source>Counting…</source>
        <translation>Contando…</translation>
    </message>
    <message>
        <source>counting the report</source>
        <translation>contar el informe</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <source>identified: it names clients, keep it safe</source>
        <translation>con identificación: nombra a los clientes, guárdelo en lugar seguro</translation>
    </message>
    <message>
        <source>de-identified</source>
        <translation>anonimizado</translation>
    </message>
    <message>
        <source>Exported {path} ({what}).</source>
        <translation>Se exportó {path} ({what}).</translation>
    </message>
    <message>
        <source>exporting the report</source>
        <translation>exportar el informe</translation>
    </message>
</context>
<context>
    <name>ReportsPageView</name>
    <message>
        <source>Reports</source>
        <translation>Informes</translation>
    </message>
    <message>
        <source>Caseload</source>
        <translation>Carga de casos</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>Plazos</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>&amp;Desde</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;Hasta</translation>
    </message>
    <message>
        <source>PDF with charts</source>
        <translation>PDF con gráficos</translation>
    </message>
    <message>
        <source>Excel (XLSX)</source>
        <translation>Excel (XLSX)</translation>
    </message>
    <message>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <source>&amp;Identified: include names and A-numbers</source>
        <translation>Con &amp;identificación: incluir nombres y números A</translation>
    </message>
    <message>
        <source>Reports are de-identified unless this is ticked. An identified export is recorded in the audit trail.</source>
        <translation>Los informes se anonimizan salvo que marque esta casilla. Una exportación con identificación queda anotada en el registro de auditoría.</translation>
    </message>
    <message>
        <source>&amp;Preview</source>
        <translation>&amp;Vista previa</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exportar…</translation>
    </message>
    <message>
        <source>Export the report (Ctrl+E)</source>
        <translation>Exportar el informe (Ctrl+E)</translation>
    </message>
    <message>
        <source>Part of the report shown</source>
        <translation>Parte del informe que se muestra</translation>
    </message>
    <message>
        <source>Report table</source>
        <translation>Tabla del informe</translation>
    </message>
    <message>
        <source>&amp;Report:</source>
        <translation>I&amp;nforme:</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>F&amp;ormato:</translation>
    </message>
    <message>
        <source>&amp;Show:</source>
        <translation>&amp;Mostrar:</translation>
    </message>
</context>
<context>
    <name>ReviewHistoryModel</name>
    <message>
        <source>(system)</source>
        <translation>(sistema)</translation>
    </message>
    <message>
        <source>Whole intake</source>
        <translation>Toda la entrevista</translation>
    </message>
    <message>
        <source>When (UTC)</source>
        <translation>Cuándo (UTC)</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Flag</source>
        <translation>Alerta</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
</context>
<context>
    <name>ReviewPage</name>
    <message>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <source>loading the review queue</source>
        <translation>cargar la cola de revisión</translation>
    </message>
    <message>
        <source>{n} to review</source>
        <translation>{n} por revisar</translation>
    </message>
    <message>
        <source>opening the intake</source>
        <translation>abrir la entrevista</translation>
    </message>
    <message>
        <source>recording the decision</source>
        <translation>registrar la decisión</translation>
    </message>
    <message>
        <source>signing off</source>
        <translation>aprobar la revisión</translation>
    </message>
</context>
<context>
    <name>ReviewPageView</name>
    <message>
        <source>Review</source>
        <translation>Revisión</translation>
    </message>
    <message>
        <source>Intakes with flags no attorney has decided, most urgent first: nearest deadline, then urgent flags, then the longest waiting.</source>
        <translation>Entrevistas con alertas que ningún abogado ha decidido, las más urgentes primero: el plazo más cercano, luego las alertas urgentes y luego las que llevan más tiempo esperando.</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <source>Review queue</source>
        <translation>Cola de revisión</translation>
    </message>
    <message>
        <source>Choose an intake in the queue (Enter opens it).</source>
        <translation>Elija una entrevista de la cola (Intro la abre).</translation>
    </message>
</context>
<context>
    <name>ReviewQueueModel</name>
    <message>
        <source>Every flag is decided</source>
        <translation>Todas las alertas están decididas</translation>
    </message>
    <message>
        <source>taken on {day}</source>
        <translation>tomada el {day}</translation>
    </message>
    <message>
        <source>Ready to sign off</source>
        <translation>Lista para aprobar</translation>
    </message>
    <message>
        <source>1 flag</source>
        <translation>1 alerta</translation>
    </message>
    <message>
        <source>{n} flags</source>
        <translation>{n} alertas</translation>
    </message>
    <message>
        <source>{n} urgent</source>
        <translation>urgentes: {n}</translation>
    </message>
    <message>
        <source>{n} re-opened</source>
        <translation>reabiertas: {n}</translation>
    </message>
    <message>
        <source>No deadline</source>
        <translation>Sin plazo</translation>
    </message>
    <message>
        <source>earliest possible</source>
        <translation>fecha más temprana posible</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>To decide</source>
        <translation>Por decidir</translation>
    </message>
    <message>
        <source>Next deadline</source>
        <translation>Próximo plazo</translation>
    </message>
</context>
<context>
    <name>SectionListModel</name>
    <message>
        <source>complete</source>
        <translation>completa</translation>
    </message>
    <message>
        <source>{answered} of {total} answered</source>
        <translation>{answered} de {total} respondidas</translation>
    </message>
    <message>
        <source>{count} to fix</source>
        <translation>{count} por corregir</translation>
    </message>
    <message>
        <source>{count} answers to fix in this section</source>
        <translation>{count} respuestas por corregir en esta sección</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Signed in: {user}</source>
        <translation>Sesión iniciada: {user}</translation>
    </message>
    <message>
        <source>Signed-in user</source>
        <translation>Usuario con sesión iniciada</translation>
    </message>
    <message>
        <source>Change &amp;password…</source>
        <translation>Cambiar la con&amp;traseña…</translation>
    </message>
    <message>
        <source>Audit</source>
        <translation>Auditoría</translation>
    </message>
    <message>
        <source>Your password was changed.</source>
        <translation>Se cambió su contraseña.</translation>
    </message>
</context>
<context>
    <name>SessionLock</name>
    <message>
        <source>&amp;Lock now</source>
        <translation>&amp;Bloquear ahora</translation>
    </message>
    <message>
        <source>Hide everything until your password is typed</source>
        <translation>Ocultar todo hasta que escriba su contraseña</translation>
    </message>
    <message>
        <source>locking</source>
        <translation>bloquear</translation>
    </message>
    <message>
        <source>unlocking</source>
        <translation>desbloquear</translation>
    </message>
    <message>
        <source>Too many wrong passwords: this account is locked. Try again in {wait}, or sign out.</source>
        <translation>Demasiadas contraseñas incorrectas: esta cuenta está bloqueada. Vuelva a intentarlo en {wait} o cierre la sesión.</translation>
    </message>
    <message>
        <source>That is not the password of {user}.</source>
        <translation>Esa no es la contraseña de {user}.</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>&amp;Language of the screens:</source>
        <translation>&amp;Idioma de las pantallas:</translation>
    </message>
    <message>
        <source>Language of the screens</source>
        <translation>Idioma de las pantallas</translation>
    </message>
    <message>
        <source>Applies at once, on this computer only. The client&apos;s own language is a fact of the intake and does not change with it.</source>
        <translation>Se aplica de inmediato y solo en esta computadora. El idioma del cliente es un dato de la entrevista y no cambia con esto.</translation>
    </message>
</context>
<context>
    <name>SignInFlow</name>
    <message>
        <source>Clinic Intake could not open its main window ({error}). The details were written to the log.</source>
        <translation>Clinic Intake no pudo abrir su ventana principal ({error}). Los detalles se escribieron en el registro.</translation>
    </message>
</context>
<context>
    <name>SignOffDialog</name>
    <message>
        <source>Sign off the review</source>
        <translation>Aprobar la revisión</translation>
    </message>
    <message>
        <source>Sign off the review of {client}&apos;s intake with these decisions:</source>
        <translation>Aprobar la revisión de la entrevista de {client} con estas decisiones:</translation>
    </message>
    <message>
        <source>&amp;Note (optional)</source>
        <translation>&amp;Nota (opcional)</translation>
    </message>
    <message>
        <source>&amp;Sign off</source>
        <translation>A&amp;probar</translation>
    </message>
</context>
<context>
    <name>StatusTimelineModel</name>
    <message>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Qué pasó</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Fuentes</translation>
    </message>
</context>
<context>
    <name>StoreErrorDialog</name>
    <message>
        <source>Clinic Intake cannot open its data</source>
        <translation>Clinic Intake no puede abrir sus datos</translation>
    </message>
    <message>
        <source>The clinic&apos;s data could not be opened.</source>
        <translation>No se pudieron abrir los datos de la clínica.</translation>
    </message>
    <message>
        <source>Nothing was changed. Clinic Intake will close now; start it again once this is fixed.</source>
        <translation>No se cambió nada. Clinic Intake se cerrará ahora; vuelva a iniciarlo cuando esto esté resuelto.</translation>
    </message>
    <message>
        <source>&amp;Copy message</source>
        <translation>&amp;Copiar el mensaje</translation>
    </message>
</context>
<context>
    <name>TaskRunner</name>
    <message>
        <source>Could not use {path}: {reason}.</source>
        <translation>No se pudo usar {path}: {reason}.</translation>
    </message>
    <message>
        <source>A file or network operation failed: {reason}.</source>
        <translation>Falló una operación de archivo o de red: {reason}.</translation>
    </message>
    <message>
        <source>Something went wrong while {action}. The details were written to the log.</source>
        <translation>Algo salió mal al {action}. Los detalles se escribieron en el registro.</translation>
    </message>
    <message>
        <source>Something went wrong. The details were written to the log.</source>
        <translation>Algo salió mal. Los detalles se escribieron en el registro.</translation>
    </message>
</context>
<context>
    <name>TimelineEditor</name>
    <message>
        <source>Border history timeline, in date order</source>
        <translation>Cronología del historial fronterizo, por orden de fecha</translation>
    </message>
    <message>
        <source>&amp;Add event…</source>
        <translation>&amp;Añadir evento…</translation>
    </message>
    <message>
        <source>Add an event</source>
        <translation>Añadir un evento</translation>
    </message>
    <message>
        <source>D&amp;uplicate</source>
        <translation>&amp;Duplicar</translation>
    </message>
    <message>
        <source>Copy the selected event, e.g. a second hearing</source>
        <translation>Copiar el evento seleccionado, p. ej. una segunda audiencia</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>Undo remove</source>
        <translation>Deshacer quitar</translation>
    </message>
    <message>
        <source>No events yet. Add each one the client remembers, in any order: the timeline sorts them by date.</source>
        <translation>Todavía no hay eventos. Añada cada uno que el cliente recuerde, en cualquier orden: la cronología los ordena por fecha.</translation>
    </message>
</context>
<context>
    <name>TimelineModel</name>
    <message>
        <source>{when} (has a check to look at)</source>
        <translation>{when} (tiene algo que verificar)</translation>
    </message>
    <message>
        <source>This event has something to fix.</source>
        <translation>Este evento tiene algo que corregir.</translation>
    </message>
    <message>
        <source>This event has something to check.</source>
        <translation>Este evento tiene algo que verificar.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Dónde</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Local file (SQLite)</source>
        <translation>Archivo local (SQLite)</translation>
    </message>
    <message>
        <source>Encrypted local file (SQLCipher)</source>
        <translation>Archivo local cifrado (SQLCipher)</translation>
    </message>
    <message>
        <source>Clinic server (PostgreSQL)</source>
        <translation>Servidor de la clínica (PostgreSQL)</translation>
    </message>
    <message>
        <source>Unknown store</source>
        <translation>Almacén desconocido</translation>
    </message>
    <message>
        <source>(no location)</source>
        <translation>(sin ubicación)</translation>
    </message>
    <message>
        <source>{kind}: {location}</source>
        <translation>{kind}: {location}</translation>
    </message>
    <message>
        <source>Rule pack {version}</source>
        <translation>Paquete de reglas {version}</translation>
    </message>
    <message>
        <source>No rule pack loaded</source>
        <translation>No hay paquete de reglas cargado</translation>
    </message>
    <message>
        <source>Flags mean a policy may apply — attorney to review. They are advice to a lawyer, never a finding about a client.</source>
        <translation>Las alertas indican que una política puede aplicar — para revisión del abogado. Son un aviso para un abogado, nunca una conclusión sobre un cliente.</translation>
    </message>
</context>
<context>
    <name>YesNoAnswer</name>
    <message>
        <source>Yes</source>
        <translation>Sí</translation>
    </message>
    <message>
        <source>No</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>No se sabe</translation>
    </message>
</context>
<context>
    <name>_GateDialog</name>
    <message>
        <source>This account is locked after too many wrong passwords. Try again in {wait}, or ask an administrator to reset it.</source>
        <translation>Esta cuenta está bloqueada por demasiadas contraseñas incorrectas. Vuelva a intentarlo en {wait} o pida a un administrador que la restablezca.</translation>
    </message>
    <message>
        <source>The username or password is not right. Check Caps Lock and try again.</source>
        <translation>El usuario o la contraseña no son correctos. Revise Bloq Mayús e inténtelo de nuevo.</translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <source>Save as PDF</source>
        <translation>Guardar como PDF</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Documentos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Libros de Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Export report</source>
        <translation>Exportar el informe</translation>
    </message>
</context>
</TS>
