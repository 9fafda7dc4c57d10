<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ApiError</name>
    <message>
        <location filename="../../app/ApiError.cpp" line="27"/>
        <source>The server at %1 did not answer: timed out after %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ApiError.cpp" line="32"/>
        <source>The secure connection to %1 could not be verified (%2). Check the server address and its certificate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ApiError.cpp" line="38"/>
        <source>The server is unreachable at %1 (%2). Your decisions are kept on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ApiError.cpp" line="52"/>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ApiError.cpp" line="55"/>
        <source>Your session expired; please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ApiError.cpp" line="58"/>
        <source>Your account is not allowed to do this.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ApiError.cpp" line="61"/>
        <source>The server does not know this item.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ApiError.cpp" line="64"/>
        <source>Someone else already decided this output.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ApiError.cpp" line="67"/>
        <source>The request was too large for the server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ApiError.cpp" line="70"/>
        <source>The server asked us to slow down (429); trying again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ApiError.cpp" line="73"/>
        <source>The server had a problem (%1); trying again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ApiError.cpp" line="76"/>
        <source>The server refused the request (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ApiError.cpp" line="121"/>
        <source>The server sent an answer this version cannot read (%1).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
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
    <name>fr</name>
    <message>
        <location filename="../../models/SlaSummary.cpp" line="19"/>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/SlaSummary.cpp" line="22"/>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/SlaSummary.cpp" line="25"/>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/SlaSummary.cpp" line="26"/>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/SlaSummary.cpp" line="33"/>
        <source>%1 %</source>
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
        <source>Lease for offline review…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="61"/>
        <source>Switch server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="62"/>
        <source>Sign out…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/ActionRegistry.cpp" line="63"/>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::AuthService</name>
    <message>
        <location filename="../../app/AuthService.cpp" line="127"/>
        <source>Please sign in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/AuthService.cpp" line="181"/>
        <source>Please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/AuthService.cpp" line="197"/>
        <source>Your session expired; please sign in again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/AuthService.cpp" line="234"/>
        <source>%1 You can work now; you will be asked for your password at the next start.</source>
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
    <name>fr::ConflictsModel</name>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="13"/>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="13"/>
        <source>Rejected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="15"/>
        <source> with a correction</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="22"/>
        <source>Waiting to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="23"/>
        <source>Synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="24"/>
        <source>Conflict: someone else decided first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="25"/>
        <source>Refused by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="26"/>
        <source>Undo waiting to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="27"/>
        <source>Undone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="73"/>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="74"/>
        <source>Decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="75"/>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="76"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/ConflictsModel.cpp" line="77"/>
        <source>Decided at</source>
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
        <location filename="../../ui/LoginDialog.cpp" line="120"/>
        <source>Enter the server, your user name and your password.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::MainWindow</name>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="33"/>
        <location filename="../../ui/MainWindow.cpp" line="34"/>
        <source>Feedback Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="139"/>
        <source>Feedback Reviewer — %1 @ %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="202"/>
        <source>Refused decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="239"/>
        <source>Reject with preset reason %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/MainWindow.cpp" line="240"/>
        <source>Reject: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::OfflineLeaseDialog</name>
    <message>
        <location filename="../../ui/OfflineLeaseDialog.cpp" line="18"/>
        <source>Lease for offline review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/OfflineLeaseDialog.cpp" line="24"/>
        <source>Lease a batch to review without a network. No one else gets these outputs until their leases run out; your decisions wait on this computer and sync when you are online again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/OfflineLeaseDialog.cpp" line="32"/>
        <source>How many outputs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/OfflineLeaseDialog.cpp" line="35"/>
        <source> h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/OfflineLeaseDialog.cpp" line="36"/>
        <source>Lease length in hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/OfflineLeaseDialog.cpp" line="40"/>
        <source>When the leases end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/OfflineLeaseDialog.cpp" line="43"/>
        <source>The leases end at about %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/OfflineLeaseDialog.cpp" line="51"/>
        <source>&amp;Outputs (up to %L1):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/OfflineLeaseDialog.cpp" line="52"/>
        <source>&amp;Lease for (up to 24 h):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/OfflineLeaseDialog.cpp" line="56"/>
        <source>Lease</source>
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
    <name>fr::QueueModel</name>
    <message>
        <location filename="../../models/QueueModel.cpp" line="48"/>
        <source>Not decided yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/QueueModel.cpp" line="49"/>
        <source>Decided, waiting to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/QueueModel.cpp" line="50"/>
        <source>Decided and synced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/QueueModel.cpp" line="51"/>
        <source>Conflict: someone else decided first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/QueueModel.cpp" line="52"/>
        <source>Refused by the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/QueueModel.cpp" line="60"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/QueueModel.cpp" line="87"/>
        <source>%1 %2
Confidence %3
SLA deadline %4
%5</source>
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
        <location filename="../../ui/QueueView.cpp" line="82"/>
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
        <location filename="../../app/ReviewerApp.cpp" line="149"/>
        <source>leasing for offline review: %L1 of %L2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="154"/>
        <source>no outputs leased for offline review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="156"/>
        <source>%L1 outputs leased until %2%3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="161"/>
        <source> (all there were)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="163"/>
        <source>%L1 outputs leased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="224"/>
        <source>Offline mode (--offline): decisions stay in the outbox.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="244"/>
        <source>signing out…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="251"/>
        <source>Offline: the undecided outputs could not be handed back; they stay leased to you until their leases run out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="256"/>
        <source>Some outputs could not be handed back (%1); they stay leased to you until their leases run out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="259"/>
        <source>You are signed out; %L1 outputs went back to the team.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="294"/>
        <source>You are signed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="305"/>
        <source>Leasing needs a connection: sign in online first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="308"/>
        <source>leasing %L1 outputs for offline review…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="345"/>
        <source>Offline work needs one earlier sign-in on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="351"/>
        <source>offline mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/ReviewerApp.cpp" line="401"/>
        <source>The local database cannot be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../app/ReviewerApp.cpp" line="407"/>
        <source>The local database was damaged; it was kept at %1 and %n unsent decision(s) were recovered.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fr::SecretStore</name>
    <message>
        <location filename="../../app/SecretStore.cpp" line="22"/>
        <source>There is no saved sign-in for this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/SecretStore.cpp" line="28"/>
        <source>The system keychain is not available (%1, code %2), so the sign-in cannot be remembered.</source>
        <translation type="unfinished"></translation>
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
    <name>fr::SignOutDialog</name>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="21"/>
        <source>Switch server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="21"/>
        <location filename="../../ui/SignOutDialog.cpp" line="58"/>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="28"/>
        <source>You hold 1 leased output that nobody has decided yet. What should happen to it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="30"/>
        <source>You hold %L1 leased outputs that nobody has decided yet. What should happen to them?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="33"/>
        <source>You hold no undecided outputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="35"/>
        <source>&amp;Keep them for later (they stay on this computer until their leases run out)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="36"/>
        <source>Keep the leased outputs for later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="37"/>
        <source>&amp;Hand them back to the team now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="38"/>
        <source>Hand the leased outputs back to the team</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="48"/>
        <source>Decisions waiting to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="50"/>
        <source>They are kept in the local outbox of this server and account, and are sent at your next sign-in here. Nothing is deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="52"/>
        <source>1 decision still waits to sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="53"/>
        <source>%L1 decisions still wait to sync.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SignOutDialog.cpp" line="58"/>
        <source>Sign out and switch</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::SlaDashboard</name>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="69"/>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="72"/>
        <source>SLA dashboard — Feedback Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="73"/>
        <source>SLA dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="79"/>
        <source> h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="80"/>
        <source>Target hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="81"/>
        <source>An output counts as on time when it is reviewed within this many hours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="82"/>
        <source>&amp;Target:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="95"/>
        <source>Per hour, last 48 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="96"/>
        <source>Per day, last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="97"/>
        <source>Time series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="98"/>
        <source>&amp;Series:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="109"/>
        <source>Refresh (Ctrl+R)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="110"/>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="115"/>
        <source>Signed in as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="116"/>
        <source>Last update</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="133"/>
        <source>Reviewed within target, last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="134"/>
        <source>Reviewed within target, all time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="135"/>
        <source>Pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="136"/>
        <source>Overdue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="137"/>
        <source>Oldest pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="138"/>
        <source>Median time to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="139"/>
        <location filename="../../ui/SlaDashboard.cpp" line="140"/>
        <source>95th percentile time to review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="141"/>
        <source>Approval rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="142"/>
        <source>Reviewed (all time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="142"/>
        <source>Reviewed, all time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="147"/>
        <source>Arrivals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="148"/>
        <source>Reviewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="149"/>
        <location filename="../../ui/SlaDashboard.cpp" line="167"/>
        <source>Backlog</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="171"/>
        <source>Per bucket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="182"/>
        <source>Arrivals, reviewed and backlog over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="200"/>
        <source>Reviewers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="212"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="227"/>
        <source>Not loaded yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="273"/>
        <source>no data yet (goal %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="278"/>
        <source>✔ meets the %1 goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="278"/>
        <source>✘ below the %1 goal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="303"/>
        <source>%1 @ %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="304"/>
        <source>SLA dashboard — %1 @ %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="310"/>
        <source>Reviewed within %1 h, last 7 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="311"/>
        <source>Reviewed within %1 h, all time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="314"/>
        <source>flagged, not yet reviewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="315"/>
        <source>pending longer than %1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="319"/>
        <source>waiting for review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="319"/>
        <source>nothing pending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="320"/>
        <source>no decisions yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="322"/>
        <source>from output to decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="324"/>
        <source>95 % were reviewed faster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="327"/>
        <source>of decisions approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="328"/>
        <source>flagged outputs decided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="375"/>
        <source>Flagged outputs per hour (local time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="375"/>
        <source>Flagged outputs per day (local time)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="376"/>
        <source>No data yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="379"/>
        <source>Latest bucket: %1 arrivals, %2 reviewed, backlog %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="394"/>
        <source>Updating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/SlaDashboard.cpp" line="399"/>
        <source>Updated %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::SlaDashboardController</name>
    <message>
        <location filename="../../app/SlaDashboardController.cpp" line="15"/>
        <source>Only supervisors can see the SLA dashboard; the server refused this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/SlaDashboardController.cpp" line="16"/>
        <source>The SLA figures could not be loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::SlaReviewerModel</name>
    <message>
        <location filename="../../models/SlaReviewerModel.cpp" line="56"/>
        <source>Reviewer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/SlaReviewerModel.cpp" line="57"/>
        <source>Reviewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/SlaReviewerModel.cpp" line="58"/>
        <source>Approved</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/SlaReviewerModel.cpp" line="59"/>
        <source>Approval rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../models/SlaReviewerModel.cpp" line="60"/>
        <source>Median time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::StatusPanel</name>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="24"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="25"/>
        <source>Decisions waiting to sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="26"/>
        <source>Last sync</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="27"/>
        <source>Refused decisions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="28"/>
        <source>Earliest lease expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="29"/>
        <source>Notice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="30"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="31"/>
        <source>Your pace today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="82"/>
        <source>· a lease ran out at %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="83"/>
        <source>· leases until %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="85"/>
        <source>The earliest lease of your undecided outputs ends at %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/StatusPanel.cpp" line="106"/>
        <source>· %n refused (Ctrl+Shift+C)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="116"/>
        <source>● online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="117"/>
        <source>● offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="118"/>
        <source>● sign-in needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="119"/>
        <source>● connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/StatusPanel.cpp" line="128"/>
        <source>· %n waiting to sync</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="134"/>
        <source>· synced %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/StatusPanel.cpp" line="135"/>
        <source>· not synced yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/StatusPanel.cpp" line="153"/>
        <source>your pace today %1/h (%n decided)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>fr::SupervisorConsole</name>
    <message>
        <location filename="../../app/SupervisorConsole.cpp" line="63"/>
        <source>Offline: the SLA dashboard needs the server. Start without --offline to see it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::SyncEngine</name>
    <message>
        <location filename="../../app/SyncEngine.cpp" line="365"/>
        <source>The server&apos;s id of this decision is unknown.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/SyncEngine.cpp" line="450"/>
        <source>The server did not answer for this decision.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/SyncEngine.cpp" line="458"/>
        <source>Someone else already decided this output.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/SyncEngine.cpp" line="480"/>
        <source>An undone decision reached the server and could not be withdrawn: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>fr::TriageController</name>
    <message>
        <location filename="../../app/TriageController.cpp" line="178"/>
        <source>This output is no longer in the local cache.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/TriageController.cpp" line="224"/>
        <source>The decision could not be saved, so it was not made: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/TriageController.cpp" line="254"/>
        <source>This decision cannot be undone: it is %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../app/TriageController.cpp" line="255"/>
        <source>This decision cannot be undone: %1</source>
        <translation type="unfinished"></translation>
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
