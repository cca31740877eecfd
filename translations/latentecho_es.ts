<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>AlphaSweep</name>
    <message>
        <location filename="../src/studio/alpha_sweep.cpp" line="12"/>
        <source>gCNR</source>
        <translation>gCNR</translation>
    </message>
    <message>
        <location filename="../src/studio/alpha_sweep.cpp" line="19"/>
        <source>P_hq</source>
        <translation>P_hq</translation>
    </message>
</context>
<context>
    <name>ClassicalRenderer</name>
    <message>
        <location filename="../src/studio/classical_renderer.cpp" line="17"/>
        <source>non-local means</source>
        <translation>medias no locales</translation>
    </message>
    <message>
        <location filename="../src/studio/classical_renderer.cpp" line="18"/>
        <source>bilateral filter</source>
        <translation>filtro bilateral</translation>
    </message>
</context>
<context>
    <name>LatentRenderer</name>
    <message>
        <location filename="../src/studio/latent_renderer.cpp" line="48"/>
        <source>latent edit</source>
        <translation>edición latente</translation>
    </message>
    <message>
        <location filename="../src/studio/latent_renderer.cpp" line="123"/>
        <source>the bundled one</source>
        <translation>el incluido</translation>
    </message>
    <message>
        <location filename="../src/studio/latent_renderer.cpp" line="127"/>
        <source>a generator (%1)</source>
        <translation>un generador (%1)</translation>
    </message>
    <message>
        <location filename="../src/studio/latent_renderer.cpp" line="129"/>
        <source>an encoder (%1)</source>
        <translation>un codificador (%1)</translation>
    </message>
    <message>
        <location filename="../src/studio/latent_renderer.cpp" line="131"/>
        <source>an edit direction (%1)</source>
        <translation>una dirección de edición (%1)</translation>
    </message>
    <message>
        <location filename="../src/studio/latent_renderer.cpp" line="133"/>
        <source>The latent edit needs %1: choose them in the Tools menu.</source>
        <translation>La edición latente necesita %1: elíjalos en el menú Herramientas.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../src/studio/main_window.cpp" line="73"/>
        <source>α %1</source>
        <translation>α %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="161"/>
        <source>Could not write %1: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::AnalysisPanel</name>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="133"/>
        <source>Measurements</source>
        <translation>Mediciones</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="134"/>
        <source>LV area over time</source>
        <translation>Área del VI a lo largo del tiempo</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="135"/>
        <source>frame</source>
        <translation>fotograma</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="136"/>
        <source>LV area (pixels)</source>
        <translation>Área del VI (píxeles)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="137"/>
        <source>Chamber and myocardium intensity histograms</source>
        <translation>Histogramas de intensidad de la cavidad y el miocardio</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="138"/>
        <source>grey level</source>
        <translation>nivel de gris</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="139"/>
        <source>share of pixels</source>
        <translation>proporción de píxeles</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="140"/>
        <source>Metrics against the edit strength α</source>
        <translation>Medidas frente a la intensidad de edición α</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="141"/>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="142"/>
        <source>clip mean</source>
        <translation>media del clip</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="143"/>
        <source>S&amp;weep α</source>
        <translation>&amp;Barrer α</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="144"/>
        <source>Render the clip at α = 0, 0.25, …, 2 and plot gCNR and the quality score P_hq against α (a job; cancel it in the Jobs panel)</source>
        <translation>Generar el clip con α = 0, 0,25, …, 2 y trazar gCNR y la puntuación de calidad P_hq frente a α (un trabajo; cancélelo en el panel Trabajos)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="146"/>
        <source>Sweep α and plot gCNR and P_hq</source>
        <translation>Barrer α y trazar gCNR y P_hq</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="178"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="218"/>
        <source>LVEF: original %1, enhanced %2, difference %3 points</source>
        <translation>FEVI: original %1, mejorado %2, diferencia %3 puntos</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="225"/>
        <source>gCNR: original %1 (this frame %2), enhanced %3 (this frame %4)</source>
        <translation>gCNR: original %1 (este fotograma %2), mejorado %3 (este fotograma %4)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="233"/>
        <source>original</source>
        <translation>original</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="236"/>
        <source>enhanced (α %1)</source>
        <translation>mejorado (α %1)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="250"/>
        <source>chamber, original</source>
        <translation>cavidad, original</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="252"/>
        <source>myocardium, original</source>
        <translation>miocardio, original</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="256"/>
        <source>chamber, enhanced</source>
        <translation>cavidad, mejorado</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="258"/>
        <source>myocardium, enhanced</source>
        <translation>miocardio, mejorado</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::BatchQueue</name>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="175"/>
        <location filename="../src/studio/batch_queue.cpp" line="203"/>
        <source>Folder of clips to enhance</source>
        <translation>Carpeta de clips que mejorar</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="177"/>
        <source>Folder for the enhanced clips and metrics</source>
        <translation>Carpeta para los clips mejorados y las medidas</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="185"/>
        <source>Done: metrics.csv written.</source>
        <translation>Hecho: metrics.csv escrito.</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="186"/>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="187"/>
        <source>Failed: %1</source>
        <translation>Error: %1</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="194"/>
        <source>%1 % done</source>
        <translation>%1 % hecho</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="201"/>
        <source>&amp;Clips:</source>
        <translation>&amp;Clips:</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="202"/>
        <source>&amp;Output:</source>
        <translation>&amp;Salida:</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="204"/>
        <source>Output folder</source>
        <translation>Carpeta de salida</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="205"/>
        <location filename="../src/studio/batch_queue.cpp" line="207"/>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="206"/>
        <source>Choose the folder of clips</source>
        <translation>Elegir la carpeta de clips</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="208"/>
        <source>Choose the output folder</source>
        <translation>Elegir la carpeta de salida</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="209"/>
        <source>&amp;Start Batch</source>
        <translation>&amp;Iniciar lote</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="211"/>
        <source>Enhance and measure every clip of the folder with the current method and α</source>
        <translation>Mejorar y medir cada clip de la carpeta con el método y α actuales</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="213"/>
        <source>Cancel Batch</source>
        <translation>Cancelar lote</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="214"/>
        <source>Batch results</source>
        <translation>Resultados del lote</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="215"/>
        <source>Clip</source>
        <translation>Clip</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="215"/>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="215"/>
        <source>LVEF original</source>
        <translation>FEVI original</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="215"/>
        <source>LVEF enhanced</source>
        <translation>FEVI mejorado</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="216"/>
        <source>gCNR original</source>
        <translation>gCNR original</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="216"/>
        <source>gCNR enhanced</source>
        <translation>gCNR mejorado</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="234"/>
        <source>done</source>
        <translation>hecho</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="248"/>
        <source>No clips (AVI, MP4, MOV, GIF, DICOM) in the folder “%1”.</source>
        <translation>No hay clips (AVI, MP4, MOV, GIF, DICOM) en la carpeta «%1».</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="252"/>
        <source>Choose an output folder other than the clips&apos; folder.</source>
        <translation>Elija una carpeta de salida distinta de la de los clips.</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="262"/>
        <source>queued</source>
        <translation>en cola</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/studio/batch_queue.cpp" line="266"/>
        <source>Batch: %n clip(s)</source>
        <translation>
            <numerusform>Lote: %n clip</numerusform>
            <numerusform>Lote: %n clips</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="280"/>
        <source>Running…</source>
        <translation>En curso…</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::JobList</name>
    <message>
        <location filename="../src/studio/job_list.cpp" line="40"/>
        <source>Jobs</source>
        <translation>Tareas</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="41"/>
        <source>Job</source>
        <translation>Tarea</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="41"/>
        <source>Progress</source>
        <translation>Progreso</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="41"/>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="43"/>
        <location filename="../src/studio/job_list.cpp" line="62"/>
        <source>Job progress</source>
        <translation>Progreso de la tarea</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="45"/>
        <location filename="../src/studio/job_list.cpp" line="64"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="46"/>
        <location filename="../src/studio/job_list.cpp" line="65"/>
        <source>Cancel job</source>
        <translation>Cancelar tarea</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="90"/>
        <source>running</source>
        <translation>en curso</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="93"/>
        <source>done</source>
        <translation>terminada</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="96"/>
        <source>failed</source>
        <translation>fallida</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="99"/>
        <source>cancelled</source>
        <translation>cancelada</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::JobManager</name>
    <message numerus="yes">
        <location filename="../src/studio/job_manager.cpp" line="126"/>
        <source>about %n s left</source>
        <translation>
            <numerusform>quedan unos %n s</numerusform>
            <numerusform>quedan unos %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/studio/job_manager.cpp" line="128"/>
        <source>about %n min left</source>
        <translation>
            <numerusform>queda %n min aprox.</numerusform>
            <numerusform>quedan %n min aprox.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/studio/job_manager.cpp" line="129"/>
        <source>about %1 h left</source>
        <translation>quedan unas %1 h</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::MainWindow</name>
    <message>
        <location filename="../src/studio/main_window.cpp" line="192"/>
        <source>frame in %1 ms</source>
        <translation>fotograma en %1 ms</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="197"/>
        <source>clip in %1 ms</source>
        <translation>clip en %1 ms</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="201"/>
        <source>Rendering failed</source>
        <translation>Falló el renderizado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="219"/>
        <source>Tuning cancelled. Tools ▸ Tune Again starts it again.</source>
        <translation>Ajuste cancelado. Herramientas ▸ Ajustar de nuevo lo reinicia.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="220"/>
        <source>Tuning failed: %1</source>
        <translation>El ajuste falló: %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="224"/>
        <source>%1 failed</source>
        <translation>%1 falló</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="226"/>
        <source>%1: cancelled</source>
        <translation>%1: cancelada</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="228"/>
        <source>%1: done</source>
        <translation>%1: terminada</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="264"/>
        <source>LatentEcho Studio</source>
        <translation>LatentEcho Studio</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="275"/>
        <source>Original clip</source>
        <translation>Clip original</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="276"/>
        <source>Enhanced clip</source>
        <translation>Clip mejorado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="292"/>
        <source>Play / pause (Space)</source>
        <translation>Reproducir / pausa (Espacio)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="293"/>
        <source>Play or pause</source>
        <translation>Reproducir o pausar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="294"/>
        <source>Frame</source>
        <translation>Fotograma</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="295"/>
        <source>No clip</source>
        <translation>Sin clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="310"/>
        <source>&amp;Method:</source>
        <translation>&amp;Método:</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="311"/>
        <source>Enhancement method</source>
        <translation>Método de mejora</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="312"/>
        <source>Latent edit</source>
        <translation>Edición latente</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="313"/>
        <source>Non-local means</source>
        <translation>Medias no locales</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="314"/>
        <source>Bilateral filter</source>
        <translation>Filtro bilateral</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="337"/>
        <source>&amp;α:</source>
        <translation>&amp;α:</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="338"/>
        <source>Edit strength α</source>
        <translation>Intensidad de edición α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="339"/>
        <source>Edit strength α value</source>
        <translation>Valor de la intensidad de edición α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="393"/>
        <source>Jobs</source>
        <translation>Tareas</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="394"/>
        <source>Measurements</source>
        <translation>Mediciones</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="395"/>
        <source>Batch Queue</source>
        <translation>Cola por lotes</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="401"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="403"/>
        <source>&amp;Open…</source>
        <translation>&amp;Abrir…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="404"/>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;reciente</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="406"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="408"/>
        <source>&amp;Enhanced Clip…</source>
        <translation>Clip &amp;mejorado…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="411"/>
        <source>Export enhanced clip</source>
        <translation>Exportar clip mejorado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="412"/>
        <location filename="../src/studio/main_window.cpp" line="420"/>
        <source>Video (*.mp4 *.avi);;GIF (*.gif)</source>
        <translation>Vídeo (*.mp4 *.avi);;GIF (*.gif)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="416"/>
        <source>&amp;Side-by-Side Clip…</source>
        <translation>Clip &amp;lado a lado…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="419"/>
        <source>Export side-by-side clip</source>
        <translation>Exportar clip lado a lado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="424"/>
        <source>Current &amp;Frame Pair…</source>
        <translation>&amp;Par de fotogramas actual…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="427"/>
        <source>Save frame pair</source>
        <translation>Guardar par de fotogramas</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="427"/>
        <location filename="../src/studio/main_window.cpp" line="443"/>
        <source>PNG image (*.png)</source>
        <translation>Imagen PNG (*.png)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="428"/>
        <location filename="../src/studio/main_window.cpp" line="437"/>
        <location filename="../src/studio/main_window.cpp" line="444"/>
        <source>Export failed</source>
        <translation>Falló la exportación</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="431"/>
        <source>&amp;Measurements…</source>
        <translation>&amp;Mediciones…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="434"/>
        <source>Export measurements</source>
        <translation>Exportar mediciones</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="435"/>
        <source>CSV table (*.csv);;JSON (*.json)</source>
        <translation>Tabla CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="440"/>
        <source>&amp;Window Screenshot…</source>
        <translation>Captura de la &amp;ventana…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="443"/>
        <source>Save screenshot</source>
        <translation>Guardar captura</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="448"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="450"/>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="451"/>
        <location filename="../src/studio/main_window.cpp" line="457"/>
        <source>&amp;Undo</source>
        <translation>&amp;Deshacer</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="453"/>
        <location filename="../src/studio/main_window.cpp" line="458"/>
        <source>&amp;Redo</source>
        <translation>&amp;Rehacer</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="457"/>
        <source>&amp;Undo %1</source>
        <translation>&amp;Deshacer %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="458"/>
        <source>&amp;Redo %1</source>
        <translation>&amp;Rehacer %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="464"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferencias…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="477"/>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="479"/>
        <source>&amp;Wipe Instead of Side by Side</source>
        <translation>&amp;Cortinilla en lugar de lado a lado</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="488"/>
        <source>Zoom &amp;In</source>
        <translation>&amp;Acercar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="491"/>
        <source>Zoom &amp;Out</source>
        <translation>A&amp;lejar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="494"/>
        <source>&amp;Fit</source>
        <translation>A&amp;justar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="497"/>
        <source>&amp;Overlays</source>
        <translation>&amp;Superposiciones</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="499"/>
        <source>LV &amp;Contour</source>
        <translation>&amp;Contorno del VI</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="501"/>
        <source>gCNR &amp;Regions</source>
        <translation>&amp;Regiones del gCNR</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="519"/>
        <source>&amp;Playback</source>
        <translation>&amp;Reproducción</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="521"/>
        <source>Play / Pause</source>
        <translation>Reproducir / pausa</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="524"/>
        <source>Next Frame</source>
        <translation>Fotograma siguiente</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="527"/>
        <source>Previous Frame</source>
        <translation>Fotograma anterior</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="530"/>
        <source>First Frame</source>
        <translation>Primer fotograma</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="533"/>
        <source>Last Frame</source>
        <translation>Último fotograma</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="536"/>
        <source>Next &amp;End-Diastole</source>
        <translation>Siguiente &amp;telediástole</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="539"/>
        <source>Next End-&amp;Systole</source>
        <translation>Siguiente tele&amp;sístole</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="541"/>
        <source>&amp;Loop</source>
        <translation>&amp;Bucle</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="545"/>
        <source>&amp;Speed</source>
        <translation>&amp;Velocidad</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="549"/>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="556"/>
        <source>&amp;Tools</source>
        <translation>&amp;Herramientas</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="557"/>
        <source>Latent Edit &amp;Model</source>
        <translation>&amp;Modelo de la edición latente</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="559"/>
        <source>&amp;Generator Folder…</source>
        <translation>Carpeta del &amp;generador…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="562"/>
        <source>StyleGAN2 generator model folder</source>
        <translation>Carpeta del modelo generador StyleGAN2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="569"/>
        <source>&amp;Encoder Folder…</source>
        <translation>Carpeta del &amp;codificador…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="572"/>
        <source>e4e encoder model folder</source>
        <translation>Carpeta del modelo codificador e4e</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="579"/>
        <source>Use the &amp;Bundled Models</source>
        <translation>Usar los modelos &amp;incluidos</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="581"/>
        <source>Edit &amp;Direction</source>
        <translation>&amp;Dirección de edición</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="583"/>
        <source>&amp;Bundled (Synthetic Pairs)</source>
        <translation>&amp;Incluida (pares sintéticos)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="586"/>
        <source>&amp;Load…</source>
        <translation>&amp;Cargar…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="589"/>
        <source>Edit direction</source>
        <translation>Dirección de edición</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="590"/>
        <source>Direction tensor (*.pt);;All files (*)</source>
        <translation>Tensor de dirección (*.pt);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="596"/>
        <source>Compute the &amp;Real Direction…</source>
        <translation>Calcular la dirección &amp;real…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="599"/>
        <source>Folder of high-quality clips</source>
        <translation>Carpeta de clips de alta calidad</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="602"/>
        <source>Folder of low-quality clips</source>
        <translation>Carpeta de clips de baja calidad</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="604"/>
        <source>Save the direction</source>
        <translation>Guardar la dirección</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="606"/>
        <source>Direction tensor (*.pt)</source>
        <translation>Tensor de dirección (*.pt)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="610"/>
        <source>&amp;Tune Again</source>
        <translation>&amp;Ajustar de nuevo</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="615"/>
        <source>gCNR and P_hq vs α &amp;Sweep</source>
        <translation>&amp;Barrido de gCNR y P_hq frente a α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="617"/>
        <source>LV &amp;Segmenter Model…</source>
        <translation>Modelo de &amp;segmentación del VI…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="620"/>
        <source>LV segmenter model folder</source>
        <translation>Carpeta del modelo de segmentación del VI</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="627"/>
        <source>Could not load the LV segmenter</source>
        <translation>No se pudo cargar el modelo de segmentación del VI</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="631"/>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="633"/>
        <source>&amp;About LatentEcho</source>
        <translation>&amp;Acerca de LatentEcho</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="635"/>
        <source>About LatentEcho</source>
        <translation>Acerca de LatentEcho</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="636"/>
        <source>LatentEcho %1
Echocardiogram enhancement by latent space editing.</source>
        <translation>LatentEcho %1
Mejora de ecocardiogramas mediante edición en el espacio latente.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="641"/>
        <source>Open a clip: File ▸ Open, or drop a file here.</source>
        <translation>Abra un clip: Archivo ▸ Abrir, o arrastre un archivo aquí.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="659"/>
        <source>Open clip</source>
        <translation>Abrir clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="660"/>
        <source>Echo clips (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>Clips de eco (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="683"/>
        <source>Loading %1…</source>
        <translation>Cargando %1…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="699"/>
        <source>Could not open clip</source>
        <translation>No se pudo abrir el clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="700"/>
        <source>Could not open the clip.</source>
        <translation>No se pudo abrir el clip.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="263"/>
        <location filename="../src/studio/main_window.cpp" line="723"/>
        <source>%1 — LatentEcho Studio</source>
        <translation>%1 — LatentEcho Studio</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="209"/>
        <source>Tuning the generator to this clip: %1 %</source>
        <translation>Ajustando el generador a este clip: %1 %</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="470"/>
        <source>Preferences saved. Tuning steps and frames apply to the clips opened next.</source>
        <translation>Preferencias guardadas. Los pasos de ajuste y los fotogramas se aplican a los próximos clips abiertos.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="646"/>
        <location filename="../src/studio/main_window.cpp" line="724"/>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/studio/main_window.cpp" line="736"/>
        <source>%1: %n frame(s) at %2 fps</source>
        <translation>
            <numerusform>%1: %n fotograma a %2 fps</numerusform>
            <numerusform>%1: %n fotogramas a %2 fps</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="800"/>
        <source>Tuning the generator to this clip…</source>
        <translation>Ajustando el generador a este clip…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="802"/>
        <source>Tune to %1</source>
        <translation>Ajustar a %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="842"/>
        <source>Latent edit models: generator %1, encoder %2</source>
        <translation>Modelos de la edición latente: generador %1, codificador %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="843"/>
        <location filename="../src/studio/main_window.cpp" line="844"/>
        <source>bundled</source>
        <translation>incluido</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="852"/>
        <source>Edit direction: %1</source>
        <translation>Dirección de edición: %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="852"/>
        <source>bundled (synthetic pairs)</source>
        <translation>incluida (pares sintéticos)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="864"/>
        <source>Could not use the edit direction</source>
        <translation>No se pudo usar la dirección de edición</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="873"/>
        <source>Real direction from %1 and %2</source>
        <translation>Dirección real a partir de %1 y %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="884"/>
        <source>Open a clip and wait for its enhanced view before sweeping α.</source>
        <translation>Abra un clip y espere a su vista mejorada antes de barrer α.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="913"/>
        <source>α sweep (%1)</source>
        <translation>Barrido de α (%1)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="922"/>
        <source>Frame %1 / %2</source>
        <translation>Fotograma %1 / %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="930"/>
        <source>No ultrasound sector found: nothing to enhance</source>
        <translation>No se encontró un sector de ultrasonido: nada que mejorar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="938"/>
        <source>Enhanced: %1, α %2</source>
        <translation>Mejorado: %1, α %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="945"/>
        <source> (rendering…)</source>
        <translation> (renderizando…)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="955"/>
        <location filename="../src/studio/main_window.cpp" line="976"/>
        <location filename="../src/studio/main_window.cpp" line="987"/>
        <source>Export %1</source>
        <translation>Exportar %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="997"/>
        <source>Open a clip with an ultrasound sector first.</source>
        <translation>Abra primero un clip con un sector de ultrasonido.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1028"/>
        <source>LV masks by the bundled segmenter.</source>
        <translation>Máscaras del VI del modelo de segmentación incluido.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1031"/>
        <source>No measurements: no LV segmenter could be loaded (%1). Choose one with Tools ▸ LV Segmenter Model…</source>
        <translation>Sin mediciones: no se pudo cargar ningún modelo de segmentación del VI (%1). Elija uno en Herramientas ▸ Modelo de segmentación del VI…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1041"/>
        <source>LV masks by %1.</source>
        <translation>Máscaras del VI de %1.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1060"/>
        <source>Measure the original</source>
        <translation>Medir el original</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1091"/>
        <source>Measure the enhanced clip (α %1)</source>
        <translation>Medir el clip mejorado (α %1)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1126"/>
        <source>No end-diastole found in this clip.</source>
        <translation>No se encontró telediástole en este clip.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1127"/>
        <source>No end-systole found in this clip.</source>
        <translation>No se encontró telesístole en este clip.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1139"/>
        <source>Nothing measured yet: open a clip and wait for the measurements.</source>
        <translation>Aún no hay mediciones: abra un clip y espere a las mediciones.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1182"/>
        <source>Could not write %1: %2</source>
        <translation>No se pudo escribir %1: %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1217"/>
        <source>Jobs are running</source>
        <translation>Hay tareas en curso</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1218"/>
        <source>Quitting cancels the running jobs; their files are not written. Quit anyway?</source>
        <translation>Salir cancela las tareas en curso; sus archivos no se escriben. ¿Salir de todos modos?</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="634"/>
        <source>&amp;Quality Model (P_hq)…</source>
        <translation>Modelo de &amp;calidad (P_hq)…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="637"/>
        <source>Quality classifier model folder</source>
        <translation>Carpeta del modelo clasificador de calidad</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="643"/>
        <source>Could not load the quality model</source>
        <translation>No se pudo cargar el modelo de calidad</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1070"/>
        <source>No P_hq curve: the quality model could not be loaded (%1). Choose one with Tools ▸ Quality Model (P_hq)…</source>
        <translation>Sin curva de P_hq: no se pudo cargar el modelo de calidad (%1). Elija uno en Herramientas ▸ Modelo de calidad (P_hq)…</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::PreferencesDialog</name>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="117"/>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="121"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="122"/>
        <source>System default</source>
        <translation>Predeterminado del sistema</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="124"/>
        <source>Default edit strength α</source>
        <translation>Intensidad de edición α predeterminada</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="125"/>
        <source>Default &amp;α:</source>
        <translation>&amp;α predeterminado:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="95"/>
        <location filename="../src/studio/preferences_dialog.cpp" line="137"/>
        <source>Cache folder</source>
        <translation>Carpeta de caché</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="123"/>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="126"/>
        <source>Frames to enhance</source>
        <translation>Fotogramas que mejorar</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="127"/>
        <source>all</source>
        <translation>todos</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="129"/>
        <source>How many frames of a clip are shown, tuned and enhanced, from its first frame. Fewer frames tune faster. Applies to clips opened next.</source>
        <translation>Cuántos fotogramas de un clip, desde el primero, se muestran, ajustan y mejoran. Menos fotogramas se ajustan antes. Se aplica a los próximos clips abiertos.</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="131"/>
        <source>&amp;Frames to enhance:</source>
        <translation>&amp;Fotogramas que mejorar:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="132"/>
        <source>Tuning steps</source>
        <translation>Pasos de ajuste</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="134"/>
        <source>Pivotal tuning updates per clip (each one minibatch of 8 frames). More steps reconstruct the clip more faithfully and take longer.</source>
        <translation>Actualizaciones del pivotal tuning por clip (cada una un minilote de 8 fotogramas). Más pasos reconstruyen el clip con más fidelidad y tardan más.</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="136"/>
        <source>&amp;Tuning steps:</source>
        <translation>&amp;Pasos de ajuste:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="138"/>
        <source>Browse…</source>
        <translation>Examinar…</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="139"/>
        <source>Choose the cache folder</source>
        <translation>Elegir la carpeta de caché</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="143"/>
        <source>Tuning &amp;cache folder:</source>
        <translation>Carpeta de &amp;caché del ajuste:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="146"/>
        <source>Cache size limit</source>
        <translation>Límite de tamaño de la caché</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="147"/>
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="148"/>
        <source>Cache size &amp;limit:</source>
        <translation>&amp;Límite de tamaño de la caché:</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio_main.cpp" line="22"/>
        <source>LatentEcho Studio: echocardiogram enhancement</source>
        <translation>LatentEcho Studio: mejora de ecocardiogramas</translation>
    </message>
    <message>
        <location filename="../app/studio_main.cpp" line="26"/>
        <source>Clip to open (AVI, MP4, GIF, DICOM, PNG/JPEG)</source>
        <translation>Clip que abrir (AVI, MP4, GIF, DICOM, PNG/JPEG)</translation>
    </message>
</context>
</TS>
