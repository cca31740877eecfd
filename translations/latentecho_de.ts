<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="de_DE">
<context>
    <name>ClassicalRenderer</name>
    <message>
        <location filename="../src/studio/classical_renderer.cpp" line="17" />
        <source>non-local means</source>
        <translation>Non-Local-Means</translation>
    </message>
    <message>
        <location filename="../src/studio/classical_renderer.cpp" line="18" />
        <source>bilateral filter</source>
        <translation>Bilateralfilter</translation>
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
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::AnalysisPanel</name>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="83" />
        <source>Measurements</source>
        <translation>Messungen</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="87" />
        <source>LV area over time</source>
        <translation>LV-Fläche über die Zeit</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="89" />
        <source>frame</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="90" />
        <source>LV area (pixels)</source>
        <translation>LV-Fläche (Pixel)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="102" />
        <source>Chamber and myocardium intensity histograms</source>
        <translation>Intensitätshistogramme von Kammer und Myokard</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="104" />
        <source>grey level</source>
        <translation>Grauwert</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="105" />
        <source>share of pixels</source>
        <translation>Anteil der Pixel</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="143" />
        <source>LVEF: original %1, enhanced %2, difference %3 points</source>
        <translation>LVEF: Original %1, verbessert %2, Differenz %3 Punkte</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="150" />
        <source>gCNR: original %1 (this frame %2), enhanced %3 (this frame %4)</source>
        <translation>gCNR: Original %1 (dieses Bild %2), verbessert %3 (dieses Bild %4)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="158" />
        <source>original</source>
        <translation>Original</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="161" />
        <source>enhanced (α %1)</source>
        <translation>verbessert (α %1)</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="175" />
        <source>chamber, original</source>
        <translation>Kammer, Original</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="177" />
        <source>myocardium, original</source>
        <translation>Myokard, Original</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="181" />
        <source>chamber, enhanced</source>
        <translation>Kammer, verbessert</translation>
    </message>
    <message>
        <location filename="../src/studio/analysis_panel.cpp" line="183" />
        <source>myocardium, enhanced</source>
        <translation>Myokard, verbessert</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::JobList</name>
    <message>
        <location filename="../src/studio/job_list.cpp" line="21" />
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="24" />
        <source>Job</source>
        <translation>Auftrag</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="24" />
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="24" />
        <source>State</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="38" />
        <source>Job progress</source>
        <translation>Auftragsfortschritt</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="40" />
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="41" />
        <source>Cancel job</source>
        <translation>Auftrag abbrechen</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="60" />
        <source>running</source>
        <translation>läuft</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="61" />
        <source>done</source>
        <translation>fertig</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="62" />
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/studio/job_list.cpp" line="63" />
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::MainWindow</name>
    <message>
        <location filename="../src/studio/main_window.cpp" line="176" />
        <source>frame in %1 ms</source>
        <translation>Bild in %1 ms</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="181" />
        <source>clip in %1 ms</source>
        <translation>Clip in %1 ms</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="185" />
        <source>Rendering failed</source>
        <translation>Berechnung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="190" />
        <source>%1 failed</source>
        <translation>%1 fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="192" />
        <source>%1: cancelled</source>
        <translation>%1: abgebrochen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="194" />
        <source>%1: done</source>
        <translation>%1: fertig</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="208" />
        <source>LatentEcho Studio</source>
        <translation>LatentEcho Studio</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="214" />
        <source>Original clip</source>
        <translation>Originalclip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="217" />
        <source>Enhanced clip</source>
        <translation>Verbesserter Clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="226" />
        <source>Play / pause (Space)</source>
        <translation>Wiedergabe / Pause (Leertaste)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="227" />
        <source>Play or pause</source>
        <translation>Wiedergabe oder Pause</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="230" />
        <source>Frame</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="233" />
        <source>No clip</source>
        <translation>Kein Clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="241" />
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="243" />
        <source>Enhancement method</source>
        <translation>Verbesserungsmethode</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="244" />
        <source>Non-local means</source>
        <translation>Non-Local-Means</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="245" />
        <source>Bilateral filter</source>
        <translation>Bilateralfilter</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="253" />
        <source>&amp;α:</source>
        <translation>&amp;α:</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="255" />
        <source>Edit strength α</source>
        <translation>Bearbeitungsstärke α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="260" />
        <source>Edit strength α value</source>
        <translation>Wert der Bearbeitungsstärke α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="281" />
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="288" />
        <source>Measurements</source>
        <translation>Messungen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="298" />
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="299" />
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="300" />
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="302" />
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="303" />
        <source>&amp;Enhanced Clip…</source>
        <translation>&amp;Verbesserter Clip…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="304" />
        <source>Export enhanced clip</source>
        <translation>Verbesserten Clip exportieren</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="305" />
        <location filename="../src/studio/main_window.cpp" line="311" />
        <source>Video (*.mp4 *.avi);;GIF (*.gif)</source>
        <translation>Video (*.mp4 *.avi);;GIF (*.gif)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="308" />
        <source>&amp;Side-by-Side Clip…</source>
        <translation>Clip &amp;nebeneinander…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="310" />
        <source>Export side-by-side clip</source>
        <translation>Clip nebeneinander exportieren</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="314" />
        <source>Current &amp;Frame Pair…</source>
        <translation>Aktuelles &amp;Bildpaar…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="315" />
        <source>Save frame pair</source>
        <translation>Bildpaar speichern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="316" />
        <location filename="../src/studio/main_window.cpp" line="327" />
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="317" />
        <location filename="../src/studio/main_window.cpp" line="323" />
        <location filename="../src/studio/main_window.cpp" line="328" />
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="319" />
        <source>&amp;Measurements…</source>
        <translation>&amp;Messungen…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="320" />
        <source>Export measurements</source>
        <translation>Messungen exportieren</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="322" />
        <source>CSV table (*.csv);;JSON (*.json)</source>
        <translation>CSV-Tabelle (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="325" />
        <source>&amp;Window Screenshot…</source>
        <translation>&amp;Fensterfoto…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="326" />
        <source>Save screenshot</source>
        <translation>Bildschirmfoto speichern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="331" />
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="333" />
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="334" />
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="336" />
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="341" />
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="344" />
        <source>The new language applies when the studio next starts.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start des Studios.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="349" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="350" />
        <source>&amp;Wipe Instead of Side by Side</source>
        <translation>&amp;Überblenden statt nebeneinander</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="359" />
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="360" />
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="361" />
        <source>&amp;Fit</source>
        <translation>&amp;Einpassen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="364" />
        <source>&amp;Overlays</source>
        <translation>&amp;Überlagerungen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="365" />
        <source>LV &amp;Contour</source>
        <translation>LV-&amp;Kontur</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="367" />
        <source>gCNR &amp;Regions</source>
        <translation>gCNR-&amp;Regionen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="384" />
        <source>&amp;Playback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="385" />
        <source>Play / Pause</source>
        <translation>Wiedergabe / Pause</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="386" />
        <source>Next Frame</source>
        <translation>Nächstes Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="387" />
        <source>Previous Frame</source>
        <translation>Vorheriges Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="388" />
        <source>First Frame</source>
        <translation>Erstes Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="389" />
        <source>Last Frame</source>
        <translation>Letztes Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="391" />
        <source>Next &amp;End-Diastole</source>
        <translation>Nächste &amp;Enddiastole</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="392" />
        <source>Next End-&amp;Systole</source>
        <translation>Nächste End&amp;systole</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="393" />
        <source>&amp;Loop</source>
        <translation>&amp;Schleife</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="397" />
        <source>&amp;Speed</source>
        <translation>&amp;Geschwindigkeit</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="400" />
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="407" />
        <source>&amp;Tools</source>
        <translation>&amp;Werkzeuge</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="408" />
        <source>LV &amp;Segmenter Model…</source>
        <translation>LV-&amp;Segmentierungsmodell…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="410" />
        <source>LV segmenter model folder</source>
        <translation>Ordner des LV-Segmentierungsmodells</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="417" />
        <source>Could not load the LV segmenter</source>
        <translation>Das LV-Segmentierungsmodell konnte nicht geladen werden</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="421" />
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="422" />
        <source>&amp;About LatentEcho</source>
        <translation>Ü&amp;ber LatentEcho</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="423" />
        <source>About LatentEcho</source>
        <translation>Über LatentEcho</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="424" />
        <source>LatentEcho %1
Echocardiogram enhancement by latent space editing.</source>
        <translation>LatentEcho %1
Verbesserung von Echokardiogrammen durch Bearbeitung im latenten Raum.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="429" />
        <source>Open a clip: File ▸ Open, or drop a file here.</source>
        <translation>Clip öffnen: Datei ▸ Öffnen, oder eine Datei hierher ziehen.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="435" />
        <source>Open clip</source>
        <translation>Clip öffnen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="436" />
        <source>Echo clips (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>Echo-Clips (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="458" />
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="474" />
        <source>Could not open clip</source>
        <translation>Clip konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="475" />
        <source>Could not open the clip.</source>
        <translation>Der Clip konnte nicht geöffnet werden.</translation>
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
            <numerusform>%1: %n Bild mit %2 fps</numerusform><numerusform>%1: %n Bilder mit %2 fps</numerusform></translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="557" />
        <source>Frame %1 / %2</source>
        <translation>Bild %1 / %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="563" />
        <source>No ultrasound sector found: nothing to enhance</source>
        <translation>Kein Ultraschallsektor gefunden: nichts zu verbessern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="569" />
        <source>Enhanced: %1, α %2</source>
        <translation>Verbessert: %1, α %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="576" />
        <source> (rendering…)</source>
        <translation> (wird berechnet…)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="586" />
        <location filename="../src/studio/main_window.cpp" line="600" />
        <source>Export %1</source>
        <translation>Export %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="610" />
        <source>Open a clip with an ultrasound sector first.</source>
        <translation>Öffnen Sie zuerst einen Clip mit Ultraschallsektor.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="641" />
        <source>LV masks by the bundled segmenter.</source>
        <translation>LV-Masken vom mitgelieferten Segmentierungsmodell.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="644" />
        <source>No measurements: no LV segmenter could be loaded (%1). Choose one with Tools ▸ LV Segmenter Model…</source>
        <translation>Keine Messungen: Es konnte kein LV-Segmentierungsmodell geladen werden (%1). Wählen Sie eines unter Werkzeuge ▸ LV-Segmentierungsmodell…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="654" />
        <source>LV masks by %1.</source>
        <translation>LV-Masken von %1.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="673" />
        <source>Measure the original</source>
        <translation>Original messen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="705" />
        <source>Measure the enhanced clip (α %1)</source>
        <translation>Verbesserten Clip messen (α %1)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="740" />
        <source>No end-diastole found in this clip.</source>
        <translation>In diesem Clip wurde keine Enddiastole gefunden.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="741" />
        <source>No end-systole found in this clip.</source>
        <translation>In diesem Clip wurde keine Endsystole gefunden.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="753" />
        <source>Nothing measured yet: open a clip and wait for the measurements.</source>
        <translation>Noch nichts gemessen: Öffnen Sie einen Clip und warten Sie auf die Messungen.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="795" />
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="830" />
        <source>Jobs are running</source>
        <translation>Aufträge laufen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="831" />
        <source>Quitting cancels the running jobs; their files are not written. Quit anyway?</source>
        <translation>Beenden bricht die laufenden Aufträge ab; ihre Dateien werden nicht geschrieben. Trotzdem beenden?</translation>
    </message>
</context>
<context>
    <name>latentecho::studio::PreferencesDialog</name>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="27" />
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="32" />
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="33" />
        <source>System default</source>
        <translation>Systemvorgabe</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="39" />
        <source>&amp;Language (after restart):</source>
        <translation>&amp;Sprache (nach Neustart):</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="42" />
        <source>Default edit strength α</source>
        <translation>Vorgabe der Bearbeitungsstärke α</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="46" />
        <source>Default &amp;α:</source>
        <translation>Vorgabe für &amp;α:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="50" />
        <location filename="../src/studio/preferences_dialog.cpp" line="55" />
        <source>Cache folder</source>
        <translation>Cache-Ordner</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="53" />
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="61" />
        <source>Tuning &amp;cache folder:</source>
        <translation>&amp;Cache-Ordner für das Tuning:</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="64" />
        <source>Cache size limit</source>
        <translation>Größengrenze des Caches</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="66" />
        <source> GiB</source>
        <translation> GiB</translation>
    </message>
    <message>
        <location filename="../src/studio/preferences_dialog.cpp" line="68" />
        <source>Cache size &amp;limit:</source>
        <translation>&amp;Größengrenze des Caches:</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/studio_main.cpp" line="26" />
        <source>LatentEcho Studio: echocardiogram enhancement</source>
        <translation>LatentEcho Studio: Verbesserung von Echokardiogrammen</translation>
    </message>
    <message>
        <location filename="../app/studio_main.cpp" line="30" />
        <source>Clip to open (AVI, MP4, GIF, DICOM, PNG/JPEG)</source>
        <translation>Zu öffnender Clip (AVI, MP4, GIF, DICOM, PNG/JPEG)</translation>
    </message>
</context>
</TS>