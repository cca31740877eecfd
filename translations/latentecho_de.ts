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
        <location filename="../src/studio/main_window.cpp" line="62" />
        <source>α %1</source>
        <translation>α %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="140" />
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
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
        <location filename="../src/studio/main_window.cpp" line="171" />
        <source>frame in %1 ms</source>
        <translation>Bild in %1 ms</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="175" />
        <source>clip in %1 ms</source>
        <translation>Clip in %1 ms</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="178" />
        <source>Rendering failed</source>
        <translation>Berechnung fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="183" />
        <source>%1 failed</source>
        <translation>%1 fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="185" />
        <source>%1: cancelled</source>
        <translation>%1: abgebrochen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="187" />
        <source>%1: done</source>
        <translation>%1: fertig</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="201" />
        <source>LatentEcho Studio</source>
        <translation>LatentEcho Studio</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="207" />
        <source>Original clip</source>
        <translation>Originalclip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="210" />
        <source>Enhanced clip</source>
        <translation>Verbesserter Clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="219" />
        <source>Play / pause (Space)</source>
        <translation>Wiedergabe / Pause (Leertaste)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="220" />
        <source>Play or pause</source>
        <translation>Wiedergabe oder Pause</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="223" />
        <source>Frame</source>
        <translation>Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="226" />
        <source>No clip</source>
        <translation>Kein Clip</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="234" />
        <source>&amp;Method:</source>
        <translation>&amp;Methode:</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="236" />
        <source>Enhancement method</source>
        <translation>Verbesserungsmethode</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="237" />
        <source>Non-local means</source>
        <translation>Non-Local-Means</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="238" />
        <source>Bilateral filter</source>
        <translation>Bilateralfilter</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="246" />
        <source>&amp;α:</source>
        <translation>&amp;α:</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="248" />
        <source>Edit strength α</source>
        <translation>Bearbeitungsstärke α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="253" />
        <source>Edit strength α value</source>
        <translation>Wert der Bearbeitungsstärke α</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="274" />
        <source>Jobs</source>
        <translation>Aufträge</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="284" />
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="285" />
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="286" />
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="288" />
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="289" />
        <source>&amp;Enhanced Clip…</source>
        <translation>&amp;Verbesserter Clip…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="290" />
        <source>Export enhanced clip</source>
        <translation>Verbesserten Clip exportieren</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="291" />
        <location filename="../src/studio/main_window.cpp" line="297" />
        <source>Video (*.mp4 *.avi);;GIF (*.gif)</source>
        <translation>Video (*.mp4 *.avi);;GIF (*.gif)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="294" />
        <source>&amp;Side-by-Side Clip…</source>
        <translation>Clip &amp;nebeneinander…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="296" />
        <source>Export side-by-side clip</source>
        <translation>Clip nebeneinander exportieren</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="300" />
        <source>Current &amp;Frame Pair…</source>
        <translation>Aktuelles &amp;Bildpaar…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="301" />
        <source>Save frame pair</source>
        <translation>Bildpaar speichern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="302" />
        <location filename="../src/studio/main_window.cpp" line="307" />
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="303" />
        <location filename="../src/studio/main_window.cpp" line="308" />
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="305" />
        <source>&amp;Window Screenshot…</source>
        <translation>&amp;Fensterfoto…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="306" />
        <source>Save screenshot</source>
        <translation>Bildschirmfoto speichern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="311" />
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="313" />
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="314" />
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="316" />
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="321" />
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="324" />
        <source>The new language applies when the studio next starts.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start des Studios.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="329" />
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="330" />
        <source>&amp;Wipe Instead of Side by Side</source>
        <translation>&amp;Überblenden statt nebeneinander</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="339" />
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="340" />
        <source>Zoom &amp;Out</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="341" />
        <source>&amp;Fit</source>
        <translation>&amp;Einpassen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="346" />
        <source>&amp;Playback</source>
        <translation>&amp;Wiedergabe</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="347" />
        <source>Play / Pause</source>
        <translation>Wiedergabe / Pause</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="348" />
        <source>Next Frame</source>
        <translation>Nächstes Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="349" />
        <source>Previous Frame</source>
        <translation>Vorheriges Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="350" />
        <source>First Frame</source>
        <translation>Erstes Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="351" />
        <source>Last Frame</source>
        <translation>Letztes Bild</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="353" />
        <source>&amp;Loop</source>
        <translation>&amp;Schleife</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="357" />
        <source>&amp;Speed</source>
        <translation>&amp;Geschwindigkeit</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="360" />
        <source>%1×</source>
        <translation>%1×</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="367" />
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="368" />
        <source>&amp;About LatentEcho</source>
        <translation>Ü&amp;ber LatentEcho</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="369" />
        <source>About LatentEcho</source>
        <translation>Über LatentEcho</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="370" />
        <source>LatentEcho %1
Echocardiogram enhancement by latent space editing.</source>
        <translation>LatentEcho %1
Verbesserung von Echokardiogrammen durch Bearbeitung im latenten Raum.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="375" />
        <source>Open a clip: File ▸ Open, or drop a file here.</source>
        <translation>Clip öffnen: Datei ▸ Öffnen, oder eine Datei hierher ziehen.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="381" />
        <source>Open clip</source>
        <translation>Clip öffnen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="382" />
        <source>Echo clips (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;All files (*)</source>
        <translation>Echo-Clips (*.avi *.mp4 *.mov *.gif *.dcm *.png *.jpg *.jpeg);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="404" />
        <source>Loading %1…</source>
        <translation>%1 wird geladen…</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="420" />
        <source>Could not open clip</source>
        <translation>Clip konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="421" />
        <source>Could not open the clip.</source>
        <translation>Der Clip konnte nicht geöffnet werden.</translation>
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
            <numerusform>%1: %n Bild mit %2 fps</numerusform><numerusform>%1: %n Bilder mit %2 fps</numerusform></translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="496" />
        <source>Frame %1 / %2</source>
        <translation>Bild %1 / %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="502" />
        <source>No ultrasound sector found: nothing to enhance</source>
        <translation>Kein Ultraschallsektor gefunden: nichts zu verbessern</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="508" />
        <source>Enhanced: %1, α %2</source>
        <translation>Verbessert: %1, α %2</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="515" />
        <source> (rendering…)</source>
        <translation> (wird berechnet…)</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="525" />
        <location filename="../src/studio/main_window.cpp" line="539" />
        <source>Export %1</source>
        <translation>Export %1</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="549" />
        <source>Open a clip with an ultrasound sector first.</source>
        <translation>Öffnen Sie zuerst einen Clip mit Ultraschallsektor.</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="605" />
        <source>Jobs are running</source>
        <translation>Aufträge laufen</translation>
    </message>
    <message>
        <location filename="../src/studio/main_window.cpp" line="606" />
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