<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
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
        <translation>Non-Local-Means</translation>
    </message>
    <message>
        <location filename="../src/studio/classical_renderer.cpp" line="18"/>
        <source>bilateral filter</source>
        <translation>Bilateralfilter</translation>
    </message>
</context>
<context>
    <name>LatentRenderer</name>
    <message>
        <location filename="../src/studio/latent_renderer.cpp" line="48"/>
        <source>latent edit</source>
        <translation>latentes Editieren</translation>
    </message>
    <message>
        <location filename="../src/studio/latent_renderer.cpp" line="123"/>
        <source>the bundled one</source>
        <translation>das mitgelieferte</translation>
    </message>
    <message>
        <location filename="../src/studio/latent_renderer.cpp" line="127"/>
        <source>a generator (%1)</source>
        <translation>einen Generator (%1)</translation>
    </message>
    <message>
        <location filename="../src/studio/latent_renderer.cpp" line="129"/>
        <source>an encoder (%1)</source>
        <translation>einen Encoder (%1)</translation>
    </message>
    <message>
        <location filename="../src/studio/latent_renderer.cpp" line="131"/>
        <source>an edit direction (%1)</source>
        <translation>eine Editierrichtung (%1)</translation>
    </message>
    <message>
        <location filename="../src/studio/latent_renderer.cpp" line="133"/>
        <source>The latent edit needs %1: choose them in the Tools menu.</source>
        <translation>Das latente Editieren braucht %1: im Menü Werkzeuge wählen.</translation>
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
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::AnalysisPanel</name>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="133"/>
        <source>Measurements</source>
        <translation>Messungen</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="134"/>
        <source>LV area over time</source>
        <translation>LV-Fläche über die Zeit</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="135"/>
        <source>frame</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="136"/>
        <source>LV area (pixels)</source>
        <translation>LV-Fläche (Pixel)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="137"/>
        <source>Chamber and myocardium intensity histograms</source>
        <translation>Intensitätshistogramme von Kammer und Myokard</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="138"/>
        <source>grey level</source>
        <translation>Grauwert</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="139"/>
        <source>share of pixels</source>
        <translation>Anteil der Pixel</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="140"/>
        <source>Metrics against the edit strength α</source>
        <translation>Messwerte über der Editierstärke α</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="141"/>
        <source>α</source>
        <translation>α</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="142"/>
        <source>clip mean</source>
        <translation>Clip-Mittel</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="143"/>
        <source>S&amp;weep α</source>
        <translation>α &amp;durchlaufen</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="144"/>
        <source>Render the clip at α = 0, 0.25, …, 2 and plot gCNR and the quality score P_hq against α (a job; cancel it in the Jobs panel)</source>
        <translation>Den Clip bei α = 0, 0,25, …, 2 berechnen und gCNR und den Qualitätswert P_hq über α zeichnen (ein Auftrag; im Auftragsbereich abbrechen)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="146"/>
        <source>Sweep α and plot gCNR and P_hq</source>
        <translation>α durchlaufen und gCNR und P_hq zeichnen</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="178"/>
        <source>%1, %2</source>
        <translation>%1, %2</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="218"/>
        <source>LVEF: original %1, enhanced %2, difference %3 points</source>
        <translation>LVEF: Original %1, verbessert %2, Differenz %3 Punkte</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="225"/>
        <source>gCNR: original %1 (this frame %2), enhanced %3 (this frame %4)</source>
        <translation>gCNR: Original %1 (dieses Bild %2), verbessert %3 (dieses Bild %4)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="233"/>
        <source>original</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="236"/>
        <source>enhanced (α %1)</source>
        <translation>verbessert (α %1)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="250"/>
        <source>chamber, original</source>
        <translation>Kammer, Original</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="252"/>
        <source>myocardium, original</source>
        <translation>Myokard, Original</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="256"/>
        <source>chamber, enhanced</source>
        <translation>Kammer, verbessert</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="258"/>
        <source>myocardium, enhanced</source>
        <translation>Myokard, verbessert</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::BatchQueue</name>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="175"/>
        <location filename="../src/studio/batch_queue.cpp" line="203"/>
        <source>Folder of clips to enhance</source>
        <translation>Ordner der zu verbessernden Clips</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="177"/>
        <source>Folder for the enhanced clips and metrics</source>
        <translation>Ordner für die verbesserten Clips und Messwerte</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="185"/>
        <source>Done: metrics.csv written.</source>
        <translation>Fertig: metrics.csv geschrieben.</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="186"/>
        <source>Cancelled.</source>
        <translation>Abgebrochen.</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="187"/>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="194"/>
        <source>%1 % done</source>
        <translation>%1 % erledigt</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="201"/>
        <source>&amp;Clips:</source>
        <translation>&amp;Clips:</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="202"/>
        <source>&amp;Output:</source>
        <translation>&amp;Ausgabe:</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="204"/>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="205"/>
        <location filename="../src/studio/batch_queue.cpp" line="207"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="206"/>
        <source>Choose the folder of clips</source>
        <translation>Ordner der Clips wählen</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="208"/>
        <source>Choose the output folder</source>
        <translation>Ausgabeordner wählen</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="209"/>
        <source>&amp;Start Batch</source>
        <translation>Stapel &amp;starten</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="211"/>
        <source>Enhance and measure every clip of the folder with the current method and α</source>
        <translation>Jeden Clip des Ordners mit der aktuellen Methode und α verbessern und messen</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="213"/>
        <source>Cancel Batch</source>
        <translation>Stapel abbrechen</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="214"/>
        <source>Batch results</source>
        <translation>Stapelergebnisse</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="215"/>
        <source>Clip</source>
        <translation>Clip</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="215"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="215"/>
        <source>LVEF original</source>
        <translation>LVEF Original</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="215"/>
        <source>LVEF enhanced</source>
        <translation>LVEF verbessert</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="216"/>
        <source>gCNR original</source>
        <translation>gCNR Original</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="216"/>
        <source>gCNR enhanced</source>
        <translation>gCNR verbessert</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="234"/>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="248"/>
        <source>No clips (AVI, MP4, MOV, GIF, DICOM) in the folder “%1”.</source>
        <translation>Keine Clips (AVI, MP4, MOV, GIF, DICOM) im Ordner „%1“.</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="252"/>
        <source>Choose an output folder other than the clips&apos; folder.</source>
        <translation>Einen anderen Ausgabeordner als den der Clips wählen.</translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="262"/>
        <source>queued</source>
        <translation>wartet</translation>
    </message>
    <message numerus="yes">
        <location filename="../src/studio/batch_queue.cpp" line="266"/>
        <source>Batch: %n clip(s)</source>
        <translation>
            <numerusform>Stapel: %n Clip</numerusform>
            <numerusform>Stapel: %n Clips</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/studio/batch_queue.cpp" line="280"/>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::JobList</name>
    <message>
        <location filename="../src/studio/job_list.cpp" line="40"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="41"/>
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="41"/>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="41"/>
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="43"/>
        <location filename="../src/studio/job_list.cpp" line="62"/>
        <source>Job progress</source>
        <translation>Auftragsfortschritt</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="45"/>
        <location filename="../src/studio/job_list.cpp" line="64"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="46"/>
        <location filename="../src/studio/job_list.cpp" line="65"/>
        <source>Cancel job</source>
        <translation>Auftrag abbrechen</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="90"/>
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="93"/>
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="96"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="99"/>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::JobManager</name>
    <message numerus="yes">
        <location filename="../src/studio/job_manager.cpp" line="126"/>
        <source>about %n s left</source>
        <translation>
            <numerusform>noch etwa %n s</numerusform>
            <numerusform>noch etwa %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../src/studio/job_manager.cpp" line="128"/>
        <source>about %n min left</source>
        <translation>
            <numerusform>noch etwa %n min</numerusform>
            <numerusform>noch etwa %n min</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/studio/job_manager.cpp" line="129"/>
        <source>about %1 h left</source>
        <translation>noch etwa %1 h</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::MainWindow</name>
    <message>
        <location filename="../src/studio/main_window.cpp" line="192"/>
        <source>frame in %1 ms</source>
        <translation>Bild in %1 ms</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="197"/>
        <source>clip in %1 ms</source>
        <translation>Clip in %1 ms</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="201"/>
        <source>Rendering failed</source>
        <translation>Berechnung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="219"/>
        <source>Tuning cancelled. Tools ▸ Tune Again starts it again.</source>
        <translation>Anpassung abgebrochen. Werkzeuge ▸ Neu anpassen startet sie wieder.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="220"/>
        <source>Tuning failed: %1</source>
        <translation>Anpassung fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="224"/>
        <source>%1 failed</source>
        <translation>%1 fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="226"/>
        <source>%1: cancelled</source>
        <translation>%1: abgebrochen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="228"/>
        <source>%1: done</source>
        <translation>%1: fertig</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="264"/>
        <source>LatentEcho Studio</source>
        <translation>LatentEcho Studio</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="275"/>
        <source>Original clip</source>
        <translation>Originalclip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="276"/>
        <source>Enhanced clip</source>
        <translation>Verbesserter Clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="292"/>
        <source>Play / pause (Space)</source>
        <translation>Wiedergabe / Pause (Leertaste)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="293"/>
        <source>Play or pause</source>
        <translation>Wiedergabe oder Pause</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="294"/>
        <source>Frame</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="295"/>
        <source>No clip</source>
        <translation>Kein Clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="310"/>
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="311"/>
        <source>Enhancement method</source>
        <translation>Verbesserungsmethode</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="312"/>
        <source>Latent edit</source>
        <translation>Latentes Editieren</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="313"/>
        <source>Non-local means</source>
        <translation>Non-Local-Means</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="314"/>
        <source>Bilateral filter</source>
        <translation>Bilateralfilter</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="337"/>
        <source>&amp;α:</source>
        <translation>&amp;α:</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="338"/>
        <source>Edit strength α</source>
        <translation>Bearbeitungsstärke α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="339"/>
        <source>Edit strength α value</source>
        <translation>Wert der Bearbeitungsstärke α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="393"/>
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="394"/>
        <source>Measurements</source>
        <translation>Messungen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="395"/>
        <source>Batch Queue</source>
        <translation>Stapelverarbeitung</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="401"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="403"/>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="404"/>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="406"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="408"/>
        <source>&amp;Enhanced Clip…</source>
        <translation>&amp;Verbesserter Clip…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="411"/>
        <source>Export enhanced clip</source>
        <translation>Verbesserten Clip exportieren</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="412"/>
        <location filename="../src/studio/main_window.cpp" line="420"/>
        <source>Video (*.mp4 *.avi);;GIF (*.gif)</source>
        <translation>Video (*.mp4 *.avi);;GIF (*.gif)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="416"/>
        <source>&amp;Side-by-Side Clip…</source>
        <translation>Clip &amp;nebeneinander…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="419"/>
        <source>Export side-by-side clip</source>
        <translation>Clip nebeneinander exportieren</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="424"/>
        <source>Current &amp;Frame Pair…</source>
        <translation>Aktuelles &amp;Bildpaar…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="427"/>
        <source>Save frame pair</source>
        <translation>Bildpaar speichern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="427"/>
        <location filename="../src/studio/main_window.cpp" line="443"/>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="428"/>
        <location filename="../src/studio/main_window.cpp" line="437"/>
        <location filename="../src/studio/main_window.cpp" line="444"/>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="431"/>
        <source>&amp;Measurements…</source>
        <translation>&amp;Messungen…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="434"/>
        <source>Export measurements</source>
        <translation>Messungen exportieren</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="435"/>
        <source>CSV table (*.csv);;JSON (*.json)</source>
        <translation>CSV-Tabelle (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="440"/>
        <source>&amp;Window Screenshot…</source>
        <translation>&amp;Fensterfoto…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="443"/>
        <source>Save screenshot</source>
        <translation>Bildschirmfoto speichern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="448"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="450"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="451"/>
        <location filename="../src/studio/main_window.cpp" line="457"/>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="453"/>
        <location filename="../src/studio/main_window.cpp" line="458"/>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="457"/>
        <source>&amp;Undo %1</source>
        <translation>&amp;Rückgängig: %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="458"/>
        <source>&amp;Redo %1</source>
        <translation>&amp;Wiederherstellen: %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="464"/>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="477"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="479"/>
        <source>&amp;Wipe Instead of Side by Side</source>
        <translation>&amp;Überblenden statt nebeneinander</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="488"/>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="491"/>
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="494"/>
        <source>&amp;Fit</source>
        <translation>&amp;Einpassen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="497"/>
        <source>&amp;Overlays</source>
        <translation>&amp;Überlagerungen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="499"/>
        <source>LV &amp;Contour</source>
        <translation>LV-&amp;Kontur</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="501"/>
        <source>gCNR &amp;Regions</source>
        <translation>gCNR-&amp;Regionen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="519"/>
        <source>&amp;Playback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="521"/>
        <source>Play / Pause</source>
        <translation>Wiedergabe / Pause</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="524"/>
        <source>Next Frame</source>
        <translation>Nächstes Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="527"/>
        <source>Previous Frame</source>
        <translation>Vorheriges Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="530"/>
        <source>First Frame</source>
        <translation>Erstes Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="533"/>
        <source>Last Frame</source>
        <translation>Letztes Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="536"/>
        <source>Next &amp;End-Diastole</source>
        <translation>Nächste &amp;Enddiastole</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="539"/>
        <source>Next End-&amp;Systole</source>
        <translation>Nächste End&amp;systole</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="541"/>
        <source>&amp;Loop</source>
        <translation>&amp;Schleife</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="545"/>
        <source>&amp;Speed</source>
        <translation>&amp;Geschwindigkeit</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="549"/>
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="556"/>
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="557"/>
        <source>Latent Edit &amp;Model</source>
        <translation>&amp;Modell des latenten Editierens</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="559"/>
        <source>&amp;Generator Folder…</source>
        <translation>&amp;Generator-Ordner…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="562"/>
        <source>StyleGAN2 generator model folder</source>
        <translation>Modellordner des StyleGAN2-Generators</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="569"/>
        <source>&amp;Encoder Folder…</source>
        <translation>&amp;Encoder-Ordner…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="572"/>
        <source>e4e encoder model folder</source>
        <translation>Modellordner des e4e-Encoders</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="579"/>
        <source>Use the &amp;Bundled Models</source>
        <translation>&amp;Mitgelieferte Modelle verwenden</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="581"/>
        <source>Edit &amp;Direction</source>
        <translation>Editier&amp;richtung</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="583"/>
        <source>&amp;Bundled (Synthetic Pairs)</source>
        <translation>&amp;Mitgeliefert (synthetische Paare)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="586"/>
        <source>&amp;Load…</source>
        <translation>&amp;Laden…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="589"/>
        <source>Edit direction</source>
        <translation>Editierrichtung</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="590"/>
        <source>Direction tensor (*.pt);;All files (*)</source>
        <translation>Richtungstensor (*.pt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="596"/>
        <source>Compute the &amp;Real Direction…</source>
        <translation>&amp;Reale Richtung berechnen…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="599"/>
        <source>Folder of high-quality clips</source>
        <translation>Ordner der Clips hoher Qualität</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="602"/>
        <source>Folder of low-quality clips</source>
        <translation>Ordner der Clips niedriger Qualität</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="604"/>
        <source>Save the direction</source>
        <translation>Richtung speichern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="606"/>
        <source>Direction tensor (*.pt)</source>
        <translation>Richtungstensor (*.pt)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="610"/>
        <source>&amp;Tune Again</source>
        <translation>Neu &amp;anpassen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="615"/>
        <source>gCNR and P_hq vs α &amp;Sweep</source>
        <translation>gCNR- und P_hq-über-α-&amp;Durchlauf</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="617"/>
        <source>LV &amp;Segmenter Model…</source>
        <translation>LV-&amp;Segmentierungsmodell…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="620"/>
        <source>LV segmenter model folder</source>
        <translation>Ordner des LV-Segmentierungsmodells</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="627"/>
        <source>Could not load the LV segmenter</source>
        <translation>Das LV-Segmentierungsmodell konnte nicht geladen werden</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="631"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="633"/>
        <source>&amp;About LatentEcho</source>
        <translation>Ü&amp;ber LatentEcho</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="635"/>
        <source>About LatentEcho</source>
        <translation>Über LatentEcho</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="636"/>
        <source>LatentEcho %1
Echocardiogram enhancement by latent space editing.</source>
        <translation>LatentEcho %1
Verbesserung von Echokardiogrammen durch Bearbeitung im latenten Raum.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="641"/>
        <source>Open a clip: File ▸ Open, or drop a file here.</source>
        <translation>Clip öffnen: Datei ▸ Öffnen, oder eine Datei hierher ziehen.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="659"/>
        <source>Open clip</source>
        <translation>Clip öffnen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="660"/>
        <source>Echo clips (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>Echo-Clips (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="683"/>
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="699"/>
        <source>Could not open clip</source>
        <translation>Clip konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="700"/>
        <source>Could not open the clip.</source>
        <translation>Der Clip konnte nicht geöffnet werden.</translation>
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
        <translation>Generator wird an diesen Clip angepasst: %1 %</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="470"/>
        <source>Preferences saved. Tuning steps and frames apply to the clips opened next.</source>
        <translation>Einstellungen gespeichert. Anpassungsschritte und Bilder gelten für die nächsten geöffneten Clips.</translation>
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
            <numerusform>%1: %n Bild mit %2 fps</numerusform>
            <numerusform>%1: %n Bilder mit %2 fps</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="800"/>
        <source>Tuning the generator to this clip…</source>
        <translation>Generator wird an diesen Clip angepasst…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="802"/>
        <source>Tune to %1</source>
        <translation>An %1 anpassen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="842"/>
        <source>Latent edit models: generator %1, encoder %2</source>
        <translation>Modelle des latenten Editierens: Generator %1, Encoder %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="843"/>
        <location filename="../src/studio/main_window.cpp" line="844"/>
        <source>bundled</source>
        <translation>mitgeliefert</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="852"/>
        <source>Edit direction: %1</source>
        <translation>Editierrichtung: %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="852"/>
        <source>bundled (synthetic pairs)</source>
        <translation>mitgeliefert (synthetische Paare)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="864"/>
        <source>Could not use the edit direction</source>
        <translation>Die Editierrichtung ist nicht verwendbar</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="873"/>
        <source>Real direction from %1 and %2</source>
        <translation>Reale Richtung aus %1 und %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="884"/>
        <source>Open a clip and wait for its enhanced view before sweeping α.</source>
        <translation>Vor dem α-Durchlauf einen Clip öffnen und seine verbesserte Ansicht abwarten.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="913"/>
        <source>α sweep (%1)</source>
        <translation>α-Durchlauf (%1)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="922"/>
        <source>Frame %1 / %2</source>
        <translation>Bild %1 / %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="930"/>
        <source>No ultrasound sector found: nothing to enhance</source>
        <translation>Kein Ultraschallsektor gefunden: nichts zu verbessern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="938"/>
        <source>Enhanced: %1, α %2</source>
        <translation>Verbessert: %1, α %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="945"/>
        <source> (rendering…)</source>
        <translation> (wird berechnet…)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="955"/>
        <location filename="../src/studio/main_window.cpp" line="976"/>
        <location filename="../src/studio/main_window.cpp" line="987"/>
        <source>Export %1</source>
        <translation>Export %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="997"/>
        <source>Open a clip with an ultrasound sector first.</source>
        <translation>Öffnen Sie zuerst einen Clip mit Ultraschallsektor.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1028"/>
        <source>LV masks by the bundled segmenter.</source>
        <translation>LV-Masken vom mitgelieferten Segmentierungsmodell.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1031"/>
        <source>No measurements: no LV segmenter could be loaded (%1). Choose one with Tools ▸ LV Segmenter Model…</source>
        <translation>Keine Messungen: Es konnte kein LV-Segmentierungsmodell geladen werden (%1). Wählen Sie eines unter Werkzeuge ▸ LV-Segmentierungsmodell…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1041"/>
        <source>LV masks by %1.</source>
        <translation>LV-Masken von %1.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1060"/>
        <source>Measure the original</source>
        <translation>Original messen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1091"/>
        <source>Measure the enhanced clip (α %1)</source>
        <translation>Verbesserten Clip messen (α %1)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1126"/>
        <source>No end-diastole found in this clip.</source>
        <translation>In diesem Clip wurde keine Enddiastole gefunden.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1127"/>
        <source>No end-systole found in this clip.</source>
        <translation>In diesem Clip wurde keine Endsystole gefunden.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1139"/>
        <source>Nothing measured yet: open a clip and wait for the measurements.</source>
        <translation>Noch nichts gemessen: Öffnen Sie einen Clip und warten Sie auf die Messungen.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1182"/>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1217"/>
        <source>Jobs are running</source>
        <translation>Aufträge laufen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1218"/>
        <source>Quitting cancels the running jobs; their files are not written. Quit anyway?</source>
        <translation>Beenden bricht die laufenden Aufträge ab; ihre Dateien werden nicht geschrieben. Trotzdem beenden?</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="634"/>
        <source>&amp;Quality Model (P_hq)…</source>
        <translation>&amp;Qualitätsmodell (P_hq)…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="637"/>
        <source>Quality classifier model folder</source>
        <translation>Ordner des Qualitätsklassifikators</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="643"/>
        <source>Could not load the quality model</source>
        <translation>Das Qualitätsmodell konnte nicht geladen werden</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="1070"/>
        <source>No P_hq curve: the quality model could not be loaded (%1). Choose one with Tools ▸ Quality Model (P_hq)…</source>
        <translation>Keine P_hq-Kurve: Das Qualitätsmodell konnte nicht geladen werden (%1). Wählen Sie eines unter Werkzeuge ▸ Qualitätsmodell (P_hq)…</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::PreferencesDialog</name>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="117"/>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="121"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="122"/>
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="124"/>
        <source>Default edit strength α</source>
        <translation>Vorgabe der Bearbeitungsstärke α</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="125"/>
        <source>Default &amp;α:</source>
        <translation>Vorgabe für &amp;α:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="95"/>
        <location filename="../src/studio/preferences_dialog.cpp" line="137"/>
        <source>Cache folder</source>
        <translation>Cache-Ordner</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="123"/>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="126"/>
        <source>Frames to enhance</source>
        <translation>Zu verbessernde Bilder</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="127"/>
        <source>all</source>
        <translation>alle</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="129"/>
        <source>How many frames of a clip are shown, tuned and enhanced, from its first frame. Fewer frames tune faster. Applies to clips opened next.</source>
        <translation>Wie viele Bilder eines Clips ab dem ersten gezeigt, angepasst und verbessert werden. Weniger Bilder passen schneller an. Gilt für die nächsten geöffneten Clips.</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="131"/>
        <source>&amp;Frames to enhance:</source>
        <translation>Zu verbessernde &amp;Bilder:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="132"/>
        <source>Tuning steps</source>
        <translation>Anpassungsschritte</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="134"/>
        <source>Pivotal tuning updates per clip (each one minibatch of 8 frames). More steps reconstruct the clip more faithfully and take longer.</source>
        <translation>Schritte der Pivotal-Tuning-Anpassung pro Clip (je ein Minibatch aus 8 Bildern). Mehr Schritte rekonstruieren den Clip treuer und dauern länger.</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="136"/>
        <source>&amp;Tuning steps:</source>
        <translation>&amp;Anpassungsschritte:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="138"/>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="139"/>
        <source>Choose the cache folder</source>
        <translation>Cache-Ordner wählen</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="143"/>
        <source>Tuning &amp;cache folder:</source>
        <translation>&amp;Cache-Ordner für das Tuning:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="146"/>
        <source>Cache size limit</source>
        <translation>Größengrenze des Caches</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="147"/>
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="148"/>
        <source>Cache size &amp;limit:</source>
        <translation>&amp;Größengrenze des Caches:</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio_main.cpp" line="22"/>
        <source>LatentEcho Studio: echocardiogram enhancement</source>
        <translation>LatentEcho Studio: Verbesserung von Echokardiogrammen</translation>
    </message>
    <message>
        <location filename="../app/studio_main.cpp" line="26"/>
        <source>Clip to open (AVI, MP4, GIF, DICOM, PNG/JPEG)</source>
        <translation>Zu öffnender Clip (AVI, MP4, GIF, DICOM, PNG/JPEG)</translation>
    </message>
</context>
</TS>
