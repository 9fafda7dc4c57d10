<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>UiSettings</name>
    <message>
        <location filename="../../ui/UiSettings.cpp" line="14"/>
        <source>Factually wrong</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/UiSettings.cpp" line="15"/>
        <source>Wrong label</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/UiSettings.cpp" line="16"/>
        <source>Incomplete answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/UiSettings.cpp" line="17"/>
        <source>Harmful or unsafe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/UiSettings.cpp" line="18"/>
        <source>Off topic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/UiSettings.cpp" line="19"/>
        <source>Wrong language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/UiSettings.cpp" line="20"/>
        <source>Formatting broken</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/UiSettings.cpp" line="21"/>
        <source>Hallucinated source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/UiSettings.cpp" line="22"/>
        <source>Other (see comment)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::ActionRegistry</name>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="40"/>
        <source>Approve, next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="41"/>
        <source>Reject, next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="42"/>
        <source>Edit the correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="43"/>
        <source>Write a comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="45"/>
        <source>Submit the correction (reject) / keep the comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="48"/>
        <source>Reject with preset reason %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="50"/>
        <source>Skip for now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="51"/>
        <source>Undo the last decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="52"/>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="53"/>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="54"/>
        <source>Filter the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="55"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="56"/>
        <source>Show every shortcut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="57"/>
        <source>Back to triage (leave a field, cancel an edit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="58"/>
        <source>Show refused decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="59"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="60"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::CheatSheetDialog</name>
    <message>
        <location filename="../../ui/CheatSheetDialog.cpp" line="18"/>
        <location filename="../../ui/CheatSheetDialog.cpp" line="19"/>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/CheatSheetDialog.cpp" line="21"/>
        <source>Every action and its keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/CheatSheetDialog.cpp" line="33"/>
        <source>Single-letter keys act only when no text field has focus. Esc always returns to triage. Change keys in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::ConflictsView</name>
    <message>
        <location filename="../../ui/ConflictsView.cpp" line="20"/>
        <source>Refused decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ConflictsView.cpp" line="36"/>
        <source>Number of refused decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ConflictsView.cpp" line="37"/>
        <source>What to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ConflictsView.cpp" line="54"/>
        <source>Another reviewer decided this output first; their decision stands. Nothing to do — unless you disagree, then tell your supervisor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ConflictsView.cpp" line="56"/>
        <source>The server refused this decision: %1
It is not retried. Fix what the reason says (for example your clock or the text) and decide the output again, or report it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ConflictsView.cpp" line="58"/>
        <source>no reason given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ConflictsView.cpp" line="64"/>
        <source>No refused decisions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/ConflictsView.cpp" line="65"/>
        <source>%n decision(s) refused by the server.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/ConflictsView.cpp" line="68"/>
        <source>Select a row to see what to do.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::FeedbackForm</name>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="45"/>
        <source>Difference between the model output and the correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="50"/>
        <source>Correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="52"/>
        <source>Comment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="58"/>
        <source>Correction state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="53"/>
        <source>Goes with your next decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="66"/>
        <source>Correction (E · Ctrl+Enter rejects with it · Esc cancels)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="70"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="70"/>
        <source>Approve and go to the next output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="71"/>
        <source>Reject</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="71"/>
        <source>Reject and go to the next output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="72"/>
        <source>Skip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="72"/>
        <source>Skip this output for now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="73"/>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="73"/>
        <source>Undo the last decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="76"/>
        <source>keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="76"/>
        <source>Show every keyboard shortcut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="85"/>
        <source>Comment (C · Ctrl+Enter keeps it for the next decision · Esc leaves)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="96"/>
        <source>Space</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="139"/>
        <source>Press E to edit a copy of the model output (%1 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="235"/>
        <source>unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="241"/>
        <source>edited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="242"/>
        <source>The texts are too long for an inline difference (%1 → %2 characters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/FeedbackForm.cpp" line="246"/>
        <source>diff</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::LoginDialog</name>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="31"/>
        <source>Why you are asked to sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="32"/>
        <source>Sign-in error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="35"/>
        <source>Sign in — Feedback Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="36"/>
        <location filename="../../ui/LoginDialog.cpp" line="44"/>
        <location filename="../../ui/LoginDialog.cpp" line="45"/>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="37"/>
        <source>Server URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="39"/>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="40"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="47"/>
        <source>Work offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="48"/>
        <source>Review cached outputs without signing in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="52"/>
        <source>&amp;Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="53"/>
        <source>&amp;User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="54"/>
        <source>&amp;Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/LoginDialog.cpp" line="107"/>
        <source>Enter the server, your user name and your password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::MainWindow</name>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="31"/>
        <location filename="../../ui/MainWindow.cpp" line="32"/>
        <source>Feedback Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="134"/>
        <source>Feedback Reviewer — %1 @ %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="168"/>
        <source>Refused decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="205"/>
        <source>Reject with preset reason %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="206"/>
        <source>Reject: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::QueueItemDelegate</name>
    <message>
        <location filename="../../ui/QueueItemDelegate.cpp" line="30"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/QueueItemDelegate.cpp" line="32"/>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/QueueItemDelegate.cpp" line="33"/>
        <source>%1 d</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::QueueView</name>
    <message>
        <location filename="../../ui/QueueView.cpp" line="31"/>
        <source>/ filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/QueueView.cpp" line="32"/>
        <source>Filter the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/QueueView.cpp" line="34"/>
        <source>Outputs to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/QueueView.cpp" line="37"/>
        <source>Sort the queue by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/QueueView.cpp" line="38"/>
        <source>SLA deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/QueueView.cpp" line="39"/>
        <source>Confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/QueueView.cpp" line="40"/>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/QueueView.cpp" line="41"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/QueueView.cpp" line="52"/>
        <source>Review queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/QueueView.cpp" line="83"/>
        <source>%n to review</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fr::ReviewPane</name>
    <message>
        <location filename="../../ui/ReviewPane.cpp" line="39"/>
        <source>Model and confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ReviewPane.cpp" line="40"/>
        <source>SLA and lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ReviewPane.cpp" line="41"/>
        <location filename="../../ui/ReviewPane.cpp" line="58"/>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ReviewPane.cpp" line="42"/>
        <location filename="../../ui/ReviewPane.cpp" line="60"/>
        <source>Model output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ReviewPane.cpp" line="43"/>
        <location filename="../../ui/ReviewPane.cpp" line="62"/>
        <source>Metadata</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/ReviewPane.cpp" line="73"/>
        <source>%1 · confidence %2 · waiting %n h</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/ReviewPane.cpp" line="82"/>
        <source>SLA due in %n h</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/ReviewPane.cpp" line="83"/>
        <source>SLA overdue by %n h</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/ReviewPane.cpp" line="87"/>
        <source>lease until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ReviewPane.cpp" line="88"/>
        <source>lease expired at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ReviewPane.cpp" line="96"/>
        <source>Nothing to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ReviewPane.cpp" line="97"/>
        <source>Press Ctrl+R to sync and lease more outputs.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::ReviewerApp</name>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="181"/>
        <source>Offline mode (--offline): decisions stay in the outbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="204"/>
        <source>Offline work needs one earlier sign-in on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="210"/>
        <source>offline mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="240"/>
        <source>The local database cannot be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ReviewerApp.cpp" line="246"/>
        <source>The local database was damaged; it was kept at %1 and %n unsent decision(s) were recovered.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fr::SettingsDialog</name>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="24"/>
        <location filename="../../ui/SettingsDialog.cpp" line="25"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="27"/>
        <source>Settings pages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="28"/>
        <location filename="../../ui/SettingsDialog.cpp" line="48"/>
        <source>Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="29"/>
        <source>Reject reasons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="30"/>
        <source>Lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="58"/>
        <source>New key for the selected action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="59"/>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="60"/>
        <source>Remove the keys of the selected action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="61"/>
        <source>Restore defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="62"/>
        <source>Restore every default shortcut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="65"/>
        <source>Shortcut conflicts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="70"/>
        <source>Key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="102"/>
        <source>Reject reason for key %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="103"/>
        <source>Key %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="115"/>
        <source>Outputs leased at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="118"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="120"/>
        <source>Lease length in minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="122"/>
        <source>Outputs leased at once:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="123"/>
        <source>Lease length:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="124"/>
        <source>For an offline session, lease a large batch with a long lease, then review without a network and sync later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SettingsDialog.cpp" line="162"/>
        <source>Conflicts — two actions cannot share a key:
%1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::ShortcutTableModel</name>
    <message>
        <location filename="../../ui/ShortcutTableModel.cpp" line="68"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ShortcutTableModel.cpp" line="69"/>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ShortcutTableModel.cpp" line="70"/>
        <source>Default</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ShortcutTableModel.cpp" line="120"/>
        <source>%1 is also used by “%2”</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::StatusPanel</name>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="22"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="23"/>
        <source>Decisions waiting to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="24"/>
        <source>Last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="25"/>
        <source>Refused decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="26"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="27"/>
        <source>Your pace today</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/StatusPanel.cpp" line="50"/>
        <source>· %n refused (Ctrl+Shift+C)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="60"/>
        <source>● online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="61"/>
        <source>● offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="62"/>
        <source>● sign-in needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="63"/>
        <source>● connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/StatusPanel.cpp" line="72"/>
        <source>· %n waiting to sync</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="78"/>
        <source>· synced %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="79"/>
        <source>· not synced yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/StatusPanel.cpp" line="97"/>
        <source>your pace today %1/h (%n decided)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../app/main.cpp" line="44"/>
        <source>Review AI model outputs with the keyboard: approve, reject, correct, comment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/main.cpp" line="48"/>
        <source>The feedback backend to use, e.g. https://review.example.org.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/main.cpp" line="49"/>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/main.cpp" line="51"/>
        <source>Review the cached outputs without any network access; decisions wait in the outbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/main.cpp" line="60"/>
        <source>Not a URL: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
