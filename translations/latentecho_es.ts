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
        <location filename="../src/studio/main_window.cpp" line="67" />
        <source>α %1</source>
        <translation>α %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="145" />
        <source>Could not write %1: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::AnalysisPanel</name>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="83" />
        <source>Measurements</source>
        <translation>Mediciones</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="87" />
        <source>LV area over time</source>
        <translation>Área del VI a lo largo del tiempo</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="89" />
        <source>frame</source>
        <translation>fotograma</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="90" />
        <source>LV area (pixels)</source>
        <translation>Área del VI (píxeles)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="102" />
        <source>Chamber and myocardium intensity histograms</source>
        <translation>Histogramas de intensidad de la cavidad y el miocardio</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="104" />
        <source>grey level</source>
        <translation>nivel de gris</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="105" />
        <source>share of pixels</source>
        <translation>proporción de píxeles</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="143" />
        <source>LVEF: original %1, enhanced %2, difference %3 points</source>
        <translation>FEVI: original %1, mejorado %2, diferencia %3 puntos</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="150" />
        <source>gCNR: original %1 (this frame %2), enhanced %3 (this frame %4)</source>
        <translation>gCNR: original %1 (este fotograma %2), mejorado %3 (este fotograma %4)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="158" />
        <source>original</source>
        <translation>original</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="161" />
        <source>enhanced (α %1)</source>
        <translation>mejorado (α %1)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="175" />
        <source>chamber, original</source>
        <translation>cavidad, original</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="177" />
        <source>myocardium, original</source>
        <translation>miocardio, original</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="181" />
        <source>chamber, enhanced</source>
        <translation>cavidad, mejorado</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="183" />
        <source>myocardium, enhanced</source>
        <translation>miocardio, mejorado</translation>
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
        <location filename="../src/studio/main_window.cpp" line="176" />
        <source>frame in %1 ms</source>
        <translation>fotograma en %1 ms</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="181" />
        <source>clip in %1 ms</source>
        <translation>clip en %1 ms</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="185" />
        <source>Rendering failed</source>
        <translation>Falló el renderizado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="190" />
        <source>%1 failed</source>
        <translation>%1 falló</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="192" />
        <source>%1: cancelled</source>
        <translation>%1: cancelada</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="194" />
        <source>%1: done</source>
        <translation>%1: terminada</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="208" />
        <source>LatentEcho Studio</source>
        <translation>LatentEcho Studio</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="214" />
        <source>Original clip</source>
        <translation>Clip original</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="217" />
        <source>Enhanced clip</source>
        <translation>Clip mejorado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="226" />
        <source>Play / pause (Space)</source>
        <translation>Reproducir / pausa (Espacio)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="227" />
        <source>Play or pause</source>
        <translation>Reproducir o pausar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="230" />
        <source>Frame</source>
        <translation>Fotograma</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="233" />
        <source>No clip</source>
        <translation>Sin clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="241" />
        <source>&amp;Method:</source>
        <translation>&amp;Método:</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="243" />
        <source>Enhancement method</source>
        <translation>Método de mejora</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="244" />
        <source>Non-local means</source>
        <translation>Medias no locales</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="245" />
        <source>Bilateral filter</source>
        <translation>Filtro bilateral</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="253" />
        <source>&amp;α:</source>
        <translation>&amp;α:</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="255" />
        <source>Edit strength α</source>
        <translation>Intensidad de edición α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="260" />
        <source>Edit strength α value</source>
        <translation>Valor de la intensidad de edición α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="281" />
        <source>Jobs</source>
        <translation>Tareas</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="288" />
        <source>Measurements</source>
        <translation>Mediciones</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="298" />
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="299" />
        <source>&amp;Open…</source>
        <translation>&amp;Abrir…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="300" />
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="302" />
        <source>&amp;Export</source>
        <translation>&amp;Exportar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="303" />
        <source>&amp;Enhanced Clip…</source>
        <translation>Clip &amp;mejorado…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="304" />
        <source>Export enhanced clip</source>
        <translation>Exportar clip mejorado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="305" />
        <location filename="../src/studio/main_window.cpp" line="311" />
        <source>Video (*.mp4 *.avi);;GIF (*.gif)</source>
        <translation>Vídeo (*.mp4 *.avi);;GIF (*.gif)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="308" />
        <source>&amp;Side-by-Side Clip…</source>
        <translation>Clip &amp;lado a lado…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="310" />
        <source>Export side-by-side clip</source>
        <translation>Exportar clip lado a lado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="314" />
        <source>Current &amp;Frame Pair…</source>
        <translation>&amp;Par de fotogramas actual…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="315" />
        <source>Save frame pair</source>
        <translation>Guardar par de fotogramas</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="316" />
        <location filename="../src/studio/main_window.cpp" line="327" />
        <source>PNG image (*.png)</source>
        <translation>Imagen PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="317" />
        <location filename="../src/studio/main_window.cpp" line="323" />
        <location filename="../src/studio/main_window.cpp" line="328" />
        <source>Export failed</source>
        <translation>Falló la exportación</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="319" />
        <source>&amp;Measurements…</source>
        <translation>&amp;Mediciones…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="320" />
        <source>Export measurements</source>
        <translation>Exportar mediciones</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="322" />
        <source>CSV table (*.csv);;JSON (*.json)</source>
        <translation>Tabla CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="325" />
        <source>&amp;Window Screenshot…</source>
        <translation>Captura de la &amp;ventana…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="326" />
        <source>Save screenshot</source>
        <translation>Guardar captura</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="331" />
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="333" />
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="334" />
        <source>&amp;Undo</source>
        <translation>&amp;Deshacer</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="336" />
        <source>&amp;Redo</source>
        <translation>&amp;Rehacer</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="341" />
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferencias…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="344" />
        <source>The new language applies when the studio next starts.</source>
        <translation>El nuevo idioma se aplica la próxima vez que se inicie el estudio.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="349" />
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="350" />
        <source>&amp;Wipe Instead of Side by Side</source>
        <translation>&amp;Cortinilla en lugar de lado a lado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="359" />
        <source>Zoom &amp;In</source>
        <translation>&amp;Acercar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="360" />
        <source>Zoom &amp;Out</source>
        <translation>A&amp;lejar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="361" />
        <source>&amp;Fit</source>
        <translation>A&amp;justar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="364" />
        <source>&amp;Overlays</source>
        <translation>&amp;Superposiciones</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="365" />
        <source>LV &amp;Contour</source>
        <translation>&amp;Contorno del VI</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="367" />
        <source>gCNR &amp;Regions</source>
        <translation>&amp;Regiones del gCNR</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="384" />
        <source>&amp;Playback</source>
        <translation>&amp;Reproducción</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="385" />
        <source>Play / Pause</source>
        <translation>Reproducir / pausa</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="386" />
        <source>Next Frame</source>
        <translation>Fotograma siguiente</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="387" />
        <source>Previous Frame</source>
        <translation>Fotograma anterior</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="388" />
        <source>First Frame</source>
        <translation>Primer fotograma</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="389" />
        <source>Last Frame</source>
        <translation>Último fotograma</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="391" />
        <source>Next &amp;End-Diastole</source>
        <translation>Siguiente &amp;telediástole</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="392" />
        <source>Next End-&amp;Systole</source>
        <translation>Siguiente tele&amp;sístole</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="393" />
        <source>&amp;Loop</source>
        <translation>&amp;Bucle</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="397" />
        <source>&amp;Speed</source>
        <translation>&amp;Velocidad</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="400" />
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="407" />
        <source>&amp;Tools</source>
        <translation>&amp;Herramientas</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="408" />
        <source>LV &amp;Segmenter Model…</source>
        <translation>Modelo de &amp;segmentación del VI…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="410" />
        <source>LV segmenter model folder</source>
        <translation>Carpeta del modelo de segmentación del VI</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="417" />
        <source>Could not load the LV segmenter</source>
        <translation>No se pudo cargar el modelo de segmentación del VI</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="421" />
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="422" />
        <source>&amp;About LatentEcho</source>
        <translation>&amp;Acerca de LatentEcho</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="423" />
        <source>About LatentEcho</source>
        <translation>Acerca de LatentEcho</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="424" />
        <source>LatentEcho %1
Echocardiogram enhancement by latent space editing.</source>
        <translation>LatentEcho %1
Mejora de ecocardiogramas mediante edición en el espacio latente.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="429" />
        <source>Open a clip: File ▸ Open, or drop a file here.</source>
        <translation>Abra un clip: Archivo ▸ Abrir, o arrastre un archivo aquí.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="435" />
        <source>Open clip</source>
        <translation>Abrir clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="436" />
        <source>Echo clips (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>Clips de eco (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="458" />
        <source>Loading %1…</source>
        <translation>Cargando %1…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="474" />
        <source>Could not open clip</source>
        <translation>No se pudo abrir el clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="475" />
        <source>Could not open the clip.</source>
        <translation>No se pudo abrir el clip.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="492" />
        <source>%1 — LatentEcho Studio</source>
        <translation>%1 — LatentEcho Studio</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="493" />
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/studio/main_window.cpp" line="505" />
        <source>%1: %n frame(s) at %2 fps</source>
        <translation>
            <numerusform>%1: %n fotograma a %2 fps</numerusform><numerusform>%1: %n fotogramas a %2 fps</numerusform></translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="557" />
        <source>Frame %1 / %2</source>
        <translation>Fotograma %1 / %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="563" />
        <source>No ultrasound sector found: nothing to enhance</source>
        <translation>No se encontró un sector de ultrasonido: nada que mejorar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="569" />
        <source>Enhanced: %1, α %2</source>
        <translation>Mejorado: %1, α %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="576" />
        <source> (rendering…)</source>
        <translation> (renderizando…)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="586" />
        <location filename="../src/studio/main_window.cpp" line="600" />
        <source>Export %1</source>
        <translation>Exportar %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="610" />
        <source>Open a clip with an ultrasound sector first.</source>
        <translation>Abra primero un clip con un sector de ultrasonido.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="641" />
        <source>LV masks by the bundled segmenter.</source>
        <translation>Máscaras del VI del modelo de segmentación incluido.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="644" />
        <source>No measurements: no LV segmenter could be loaded (%1). Choose one with Tools ▸ LV Segmenter Model…</source>
        <translation>Sin mediciones: no se pudo cargar ningún modelo de segmentación del VI (%1). Elija uno en Herramientas ▸ Modelo de segmentación del VI…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="654" />
        <source>LV masks by %1.</source>
        <translation>Máscaras del VI de %1.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="673" />
        <source>Measure the original</source>
        <translation>Medir el original</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="705" />
        <source>Measure the enhanced clip (α %1)</source>
        <translation>Medir el clip mejorado (α %1)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="740" />
        <source>No end-diastole found in this clip.</source>
        <translation>No se encontró telediástole en este clip.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="741" />
        <source>No end-systole found in this clip.</source>
        <translation>No se encontró telesístole en este clip.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="753" />
        <source>Nothing measured yet: open a clip and wait for the measurements.</source>
        <translation>Aún no hay mediciones: abra un clip y espere a las mediciones.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="795" />
        <source>Could not write %1: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="830" />
        <source>Jobs are running</source>
        <translation>Hay tareas en curso</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="831" />
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