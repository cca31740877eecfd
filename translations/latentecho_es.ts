<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="es_ES">
<context>
    <name>ClassicalRenderer</name>
    <message>
        <location filename="../src/studio/classical_renderer.cpp" line="17" />
        <source>non-local means</source>
        <translation>medias no locales</translation>
    </message>
    <message>
        <location filename="../src/studio/classical_renderer.cpp" line="18" />
        <source>bilateral filter</source>
        <translation>filtro bilateral</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../src/studio/main_window.cpp" line="62" />
        <source>α %1</source>
        <translation>α %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="140" />
        <source>Could not write %1: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::JobList</name>
    <message>
        <location filename="../src/studio/job_list.cpp" line="21" />
        <source>Jobs</source>
        <translation>Tareas</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="24" />
        <source>Job</source>
        <translation>Tarea</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="24" />
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="24" />
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="38" />
        <source>Job progress</source>
        <translation>Progreso de la tarea</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="40" />
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="41" />
        <source>Cancel job</source>
        <translation>Cancelar tarea</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="60" />
        <source>running</source>
        <translation>en curso</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="61" />
        <source>done</source>
        <translation>terminada</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="62" />
        <source>failed</source>
        <translation>fallida</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="63" />
        <source>cancelled</source>
        <translation>cancelada</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::MainWindow</name>
    <message>
        <location filename="../src/studio/main_window.cpp" line="171" />
        <source>frame in %1 ms</source>
        <translation>fotograma en %1 ms</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="175" />
        <source>clip in %1 ms</source>
        <translation>clip en %1 ms</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="178" />
        <source>Rendering failed</source>
        <translation>Falló el renderizado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="183" />
        <source>%1 failed</source>
        <translation>%1 falló</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="185" />
        <source>%1: cancelled</source>
        <translation>%1: cancelada</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="187" />
        <source>%1: done</source>
        <translation>%1: terminada</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="201" />
        <source>LatentEcho Studio</source>
        <translation>LatentEcho Studio</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="207" />
        <source>Original clip</source>
        <translation>Clip original</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="210" />
        <source>Enhanced clip</source>
        <translation>Clip mejorado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="219" />
        <source>Play / pause (Space)</source>
        <translation>Reproducir / pausa (Espacio)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="220" />
        <source>Play or pause</source>
        <translation>Reproducir o pausar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="223" />
        <source>Frame</source>
        <translation>Fotograma</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="226" />
        <source>No clip</source>
        <translation>Sin clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="234" />
        <source>&amp;Method:</source>
        <translation>&amp;Método:</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="236" />
        <source>Enhancement method</source>
        <translation>Método de mejora</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="237" />
        <source>Non-local means</source>
        <translation>Medias no locales</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="238" />
        <source>Bilateral filter</source>
        <translation>Filtro bilateral</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="246" />
        <source>&amp;α:</source>
        <translation>&amp;α:</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="248" />
        <source>Edit strength α</source>
        <translation>Intensidad de edición α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="253" />
        <source>Edit strength α value</source>
        <translation>Valor de la intensidad de edición α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="274" />
        <source>Jobs</source>
        <translation>Tareas</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="284" />
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="285" />
        <source>&amp;Open…</source>
        <translation>&amp;Abrir…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="286" />
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="288" />
        <source>&amp;Export</source>
        <translation>&amp;Exportar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="289" />
        <source>&amp;Enhanced Clip…</source>
        <translation>Clip &amp;mejorado…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="290" />
        <source>Export enhanced clip</source>
        <translation>Exportar clip mejorado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="291" />
        <location filename="../src/studio/main_window.cpp" line="297" />
        <source>Video (*.mp4 *.avi);;GIF (*.gif)</source>
        <translation>Vídeo (*.mp4 *.avi);;GIF (*.gif)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="294" />
        <source>&amp;Side-by-Side Clip…</source>
        <translation>Clip &amp;lado a lado…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="296" />
        <source>Export side-by-side clip</source>
        <translation>Exportar clip lado a lado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="300" />
        <source>Current &amp;Frame Pair…</source>
        <translation>&amp;Par de fotogramas actual…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="301" />
        <source>Save frame pair</source>
        <translation>Guardar par de fotogramas</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="302" />
        <location filename="../src/studio/main_window.cpp" line="307" />
        <source>PNG image (*.png)</source>
        <translation>Imagen PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="303" />
        <location filename="../src/studio/main_window.cpp" line="308" />
        <source>Export failed</source>
        <translation>Falló la exportación</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="305" />
        <source>&amp;Window Screenshot…</source>
        <translation>Captura de la &amp;ventana…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="306" />
        <source>Save screenshot</source>
        <translation>Guardar captura</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="311" />
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="313" />
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="314" />
        <source>&amp;Undo</source>
        <translation>&amp;Deshacer</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="316" />
        <source>&amp;Redo</source>
        <translation>&amp;Rehacer</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="321" />
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferencias…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="324" />
        <source>The new language applies when the studio next starts.</source>
        <translation>El nuevo idioma se aplica la próxima vez que se inicie el estudio.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="329" />
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="330" />
        <source>&amp;Wipe Instead of Side by Side</source>
        <translation>&amp;Cortinilla en lugar de lado a lado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="339" />
        <source>Zoom &amp;In</source>
        <translation>&amp;Acercar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="340" />
        <source>Zoom &amp;Out</source>
        <translation>A&amp;lejar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="341" />
        <source>&amp;Fit</source>
        <translation>A&amp;justar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="346" />
        <source>&amp;Playback</source>
        <translation>&amp;Reproducción</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="347" />
        <source>Play / Pause</source>
        <translation>Reproducir / pausa</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="348" />
        <source>Next Frame</source>
        <translation>Fotograma siguiente</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="349" />
        <source>Previous Frame</source>
        <translation>Fotograma anterior</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="350" />
        <source>First Frame</source>
        <translation>Primer fotograma</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="351" />
        <source>Last Frame</source>
        <translation>Último fotograma</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="353" />
        <source>&amp;Loop</source>
        <translation>&amp;Bucle</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="357" />
        <source>&amp;Speed</source>
        <translation>&amp;Velocidad</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="360" />
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="367" />
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="368" />
        <source>&amp;About LatentEcho</source>
        <translation>&amp;Acerca de LatentEcho</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="369" />
        <source>About LatentEcho</source>
        <translation>Acerca de LatentEcho</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="370" />
        <source>LatentEcho %1
Echocardiogram enhancement by latent space editing.</source>
        <translation>LatentEcho %1
Mejora de ecocardiogramas mediante edición en el espacio latente.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="375" />
        <source>Open a clip: File ▸ Open, or drop a file here.</source>
        <translation>Abra un clip: Archivo ▸ Abrir, o arrastre un archivo aquí.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="381" />
        <source>Open clip</source>
        <translation>Abrir clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="382" />
        <source>Echo clips (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>Clips de eco (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="404" />
        <source>Loading %1…</source>
        <translation>Cargando %1…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="420" />
        <source>Could not open clip</source>
        <translation>No se pudo abrir el clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="421" />
        <source>Could not open the clip.</source>
        <translation>No se pudo abrir el clip.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="438" />
        <source>%1 — LatentEcho Studio</source>
        <translation>%1 — LatentEcho Studio</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="439" />
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/studio/main_window.cpp" line="450" />
        <source>%1: %n frame(s) at %2 fps</source>
        <translation>
            <numerusform>%1: %n fotograma a %2 fps</numerusform><numerusform>%1: %n fotogramas a %2 fps</numerusform></translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="496" />
        <source>Frame %1 / %2</source>
        <translation>Fotograma %1 / %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="502" />
        <source>No ultrasound sector found: nothing to enhance</source>
        <translation>No se encontró un sector de ultrasonido: nada que mejorar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="508" />
        <source>Enhanced: %1, α %2</source>
        <translation>Mejorado: %1, α %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="515" />
        <source> (rendering…)</source>
        <translation> (renderizando…)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="525" />
        <location filename="../src/studio/main_window.cpp" line="539" />
        <source>Export %1</source>
        <translation>Exportar %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="549" />
        <source>Open a clip with an ultrasound sector first.</source>
        <translation>Abra primero un clip con un sector de ultrasonido.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="605" />
        <source>Jobs are running</source>
        <translation>Hay tareas en curso</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="606" />
        <source>Quitting cancels the running jobs; their files are not written. Quit anyway?</source>
        <translation>Salir cancela las tareas en curso; sus archivos no se escriben. ¿Salir de todos modos?</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::PreferencesDialog</name>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="27" />
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="32" />
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="33" />
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="39" />
        <source>&amp;Language (after restart):</source>
        <translation>&amp;Idioma (tras reiniciar):</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="42" />
        <source>Default edit strength α</source>
        <translation>Intensidad de edición α predeterminada</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="46" />
        <source>Default &amp;α:</source>
        <translation>&amp;α predeterminado:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="50" />
        <location filename="../src/studio/preferences_dialog.cpp" line="55" />
        <source>Cache folder</source>
        <translation>Carpeta de caché</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="53" />
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="61" />
        <source>Tuning &amp;cache folder:</source>
        <translation>Carpeta de &amp;caché del ajuste:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="64" />
        <source>Cache size limit</source>
        <translation>Límite de tamaño de la caché</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="66" />
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="68" />
        <source>Cache size &amp;limit:</source>
        <translation>&amp;Límite de tamaño de la caché:</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio_main.cpp" line="26" />
        <source>LatentEcho Studio: echocardiogram enhancement</source>
        <translation>LatentEcho Studio: mejora de ecocardiogramas</translation>
    </message>
    <message>
        <location filename="../app/studio_main.cpp" line="30" />
        <source>Clip to open (AVI, MP4, GIF, DICOM, PNG/JPEG)</source>
        <translation>Clip que abrir (AVI, MP4, GIF, DICOM, PNG/JPEG)</translation>
    </message>
</context>
</TS>