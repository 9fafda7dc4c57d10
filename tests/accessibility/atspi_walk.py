#!/usr/bin/python3
"""The app as a screen reader finds it (issue 10).

Starts the real backend (SQLite, a reviewer, a second reviewer, a supervisor, a few outputs) and
the real feedback-reviewer binary on an Xvfb display inside a D-Bus session of its own with the
AT-SPI bus running, then walks the accessibility tree with pyatspi: every control of the main
window and of each dialog (sign in, settings and each of its pages, cheat sheet, offline lease,
refused decisions, edit-and-send-again, discard question, sign out, SLA dashboard and each of its
pages, its key list) must be found with a name and a role that says what it is. The windows are
opened with real key events (XTest through xdotool, as from a keyboard).

    atspi_walk.py --app build/app/feedback-reviewer --backend backend/feedback-backend

Exit status: 0 all named, 1 a problem (each listed), 77 skipped (no Xvfb, no D-Bus, no AT-SPI bus,
no pyatspi). --report prints every control found, named or not.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

SKIP = 77
WAIT = 60.0  # seconds: generous, the machine is shared; every wait is on a condition
PASSWORDS = {"rev1": "pw-rev1-a11y", "rev2": "pw-rev2-a11y", "lead": "pw-lead-a11y", "ingest": "pw-ingest-a11y"}


def skip(why):
    print(f"SKIPPED: {why}")
    sys.exit(SKIP)


# --- outside: the display and the D-Bus session ------------------------------------------------

def start_xvfb():
    """An X server on a display number of its own: far from :0 and xvfb-run's :99, which other
    test runs on this machine may be starting and stopping meanwhile."""
    import random
    for number in random.sample(range(200, 600), 20):
        if os.path.exists(f"/tmp/.X{number}-lock"):
            continue
        xvfb = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1600x1000x24", "-nolisten", "tcp", "-noreset"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(lambda: xvfb.poll() is not None or os.path.exists(f"/tmp/.X11-unix/X{number}"),
                     "Xvfb to listen")
        except TimeoutError:
            xvfb.kill()
            continue
        if xvfb.poll() is None:
            return xvfb, f":{number}"
    skip("Xvfb did not start")


def outer(args):
    for tool in ("Xvfb", "dbus-run-session", "xdotool"):
        if not shutil.which(tool):
            skip(f"{tool} is not installed")
    if not os.path.exists(args.app):
        print(f"no app binary at {args.app}")
        return 1
    folder = tempfile.mkdtemp(prefix="fr-a11y-")
    home = os.path.join(folder, "home")
    os.makedirs(os.path.join(folder, "run"), mode=0o700)
    os.makedirs(home)
    xvfb, display = start_xvfb()
    try:
        # A session bus of our own, in a home of our own: the AT-SPI bus and the keyring it
        # activates are the test's, never the person's.
        env = dict(os.environ, DISPLAY=display, HOME=home, XDG_CONFIG_HOME=f"{home}/.config",
                   XDG_DATA_HOME=f"{home}/.local/share", XDG_CACHE_HOME=f"{home}/.cache",
                   XDG_RUNTIME_DIR=os.path.join(folder, "run"))
        for name in ("WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "GNOME_KEYRING_CONTROL", "AT_SPI_BUS_ADDRESS"):
            env.pop(name, None)
        command = ["dbus-run-session", "--", sys.executable, os.path.abspath(__file__), "--inner",
                   "--folder", folder] + sys.argv[1:]
        return subprocess.call(command, env=env)
    finally:
        xvfb.terminate()
        xvfb.wait()
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def start_keyring():
    """An unlocked keyring in the test's home, as in a desktop session (the app keeps its token there)."""
    if not shutil.which("gnome-keyring-daemon"):
        return
    subprocess.run(["gnome-keyring-daemon", "--unlock", "--components=secrets"], input="a11y-keyring-password",
                   text=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)


# --- inside: the accessibility bus ------------------------------------------------------------

def accessibility_bus_address():
    """The AT-SPI bus, started by D-Bus activation (org.a11y.Bus); None when it cannot be."""
    try:
        import gi
        gi.require_version("Gio", "2.0")
        from gi.repository import Gio, GLib
        bus = Gio.bus_get_sync(Gio.BusType.SESSION, None)
        reply = bus.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress", None,
                              GLib.VariantType("(s)"), Gio.DBusCallFlags.NONE, 30000, None)
        return reply.unpack()[0] or None
    except Exception as error:  # noqa: BLE001 - any failure means: no bus, skip
        print(f"no AT-SPI bus: {error}")
        return None


# --- the backend ------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Backend:
    def __init__(self, executable, folder):
        self.executable = executable
        self.env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder}/feedback.db",
                        FEEDBACK_SECRET_KEY="accessibility-test-secret-key-0123456789abcdef",
                        PYTHONUNBUFFERED="1")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(folder, "backend.log"), "w")
        self.process = None
        self.tokens = {}

    def run(self, *arguments, stdin=""):
        subprocess.run([self.executable, *arguments], input=stdin, text=True, env=self.env, check=True,
                       stdout=subprocess.DEVNULL)

    def start(self):
        self.run("migrate")
        for name, role in (("rev1", "reviewer"), ("rev2", "reviewer"), ("lead", "supervisor"), ("ingest", "ingest")):
            self.run("users", "add", name, "--role", role, stdin=PASSWORDS[name] + "\n")
        self.process = subprocess.Popen([self.executable, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                        env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_for(lambda: self.healthy(), "the backend answers /healthz")

    def healthy(self):
        try:
            urllib.request.urlopen(self.url + "/healthz", timeout=2).read()
            return True
        except (urllib.error.URLError, OSError):
            return False

    def stop(self):
        if self.process:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()

    def request(self, method, path, body=None, user=None, form=False):
        headers = {}
        data = None
        if form:
            data = urllib.parse.urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if user:
            headers["Authorization"] = "Bearer " + self.token(user)
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return json.loads(text) if text else None

    def token(self, user):
        if user not in self.tokens:
            answer = self.request("POST", "/auth/token", {"grant_type": "password", "username": user,
                                                          "password": PASSWORDS[user]}, form=True)
            self.tokens[user] = answer["access_token"]
        return self.tokens[user]

    def ingest(self, count):
        outputs = [{"id": str(uuid.uuid4()), "model_name": "sentiment-v3", "model_version": "1.4.2",
                    "input": f"#{i} The refund took three weeks and nobody answered.",
                    "output": "negative" if i % 2 else "positive", "confidence": 0.3 + 0.04 * i}
                   for i in range(count)]
        self.request("POST", "/outputs", outputs, user="ingest")
        return [o["id"] for o in outputs]

    def decide_first(self, ids, user):
        """Another reviewer decides the outputs first (the app's lease handed back through the API)."""
        self.request("POST", "/outputs/release", {"ids": ids}, user="rev1")
        reviewer = self.request("GET", "/me", user=user)["reviewer_id"]
        now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
        for output_id in ids:
            self.request("POST", "/feedback/", {"model_output_id": output_id, "reviewer_id": reviewer,
                                                "approval": False, "correction": "",
                                                "comment": f"{user} was faster", "decided_at": now}, user=user)


def wait_for(condition, what, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for: {what() if callable(what) else what}")
        time.sleep(0.1)


# --- the accessibility tree -------------------------------------------------------------------

def roles():
    import pyatspi as P
    # A screen reader must be able to say what each of these is called.
    named = {P.ROLE_PUSH_BUTTON, P.ROLE_TOGGLE_BUTTON, P.ROLE_CHECK_BOX, P.ROLE_RADIO_BUTTON,
             P.ROLE_COMBO_BOX, P.ROLE_TEXT, P.ROLE_ENTRY, P.ROLE_PASSWORD_TEXT, P.ROLE_SPIN_BUTTON,
             P.ROLE_LIST, P.ROLE_LIST_BOX, P.ROLE_TABLE, P.ROLE_TREE, P.ROLE_TREE_TABLE, P.ROLE_PAGE_TAB,
             P.ROLE_PAGE_TAB_LIST, P.ROLE_MENU, P.ROLE_MENU_ITEM, P.ROLE_CHECK_MENU_ITEM,
             P.ROLE_RADIO_MENU_ITEM, P.ROLE_SLIDER, P.ROLE_CHART, P.ROLE_DIAL, P.ROLE_TOOL_BAR,
             P.ROLE_DIALOG, P.ROLE_FRAME, P.ROLE_WINDOW}
    # Roles that say nothing about what a control does: wrong for anything that takes the focus.
    vague = {P.ROLE_UNKNOWN, P.ROLE_INVALID, P.ROLE_FILLER, P.ROLE_PANEL, P.ROLE_REDUNDANT_OBJECT,
             P.ROLE_EXTENDED, P.ROLE_SECTION}
    # Their children are items (rows, cells, points) whose names are the data: not walked.
    containers = {P.ROLE_LIST, P.ROLE_LIST_BOX, P.ROLE_TABLE, P.ROLE_TREE, P.ROLE_TREE_TABLE,
                  P.ROLE_COMBO_BOX, P.ROLE_SCROLL_BAR}
    return named, vague, containers


class Control:
    def __init__(self, role, name, path, focusable):
        self.role, self.name, self.path, self.focusable = role, name, path, focusable

    def __str__(self):
        return f"{self.role} {self.name!r} at {self.path}"


def combo_purpose(node):
    import pyatspi as P
    try:
        if (node.description or "").strip():
            return True
        for relation in node.getRelationSet():
            if relation.getRelationType() == P.RELATION_LABELLED_BY:
                targets = [relation.getTarget(i) for i in range(relation.getNTargets())]
                if any(t is not None and (t.name or "").strip() for t in targets):
                    return True
    except Exception:  # noqa: BLE001
        return False
    return False


def walk(root):
    """Every showing object under root (not into views' items), as Controls."""
    import pyatspi as P
    named, vague, containers = roles()
    found, problems = [], []

    def has_focusable_control(node, depth=0):
        """A container that hands the focus on (QTabWidget to its tab bar, QKeySequenceEdit to its
        line edit): its focus proxy is what a screen reader lands on."""
        for i in range(node.childCount):
            try:
                child = node.getChildAtIndex(i)
                if child is None:
                    continue
                if child.getState().contains(P.STATE_FOCUSABLE) and child.getRole() not in vague:
                    return True
                if depth < 3 and has_focusable_control(child, depth + 1):
                    return True
            except Exception:  # noqa: BLE001
                continue
        return False

    def visit(node, path, depth):
        try:
            states = node.getState()
            role = node.getRole()
            name = (node.name or "").strip()
            role_name = node.getRoleName()
        except Exception:  # noqa: BLE001 - the object went away while walking
            return
        if not states.contains(P.STATE_SHOWING):
            return
        focusable = states.contains(P.STATE_FOCUSABLE)
        here = f"{path}/{role_name}" + (f"[{name}]" if name else "")
        if role in named or focusable:
            control = Control(role_name, name, here, focusable)
            found.append(control)
            if not name:
                problems.append(f"no name: {control}")
            elif role == P.ROLE_COMBO_BOX and not combo_purpose(node):
                # On Linux Qt names a combo box by its current item; what it is for comes from
                # the label that names it (a buddy) or from its description, as Orca reads them.
                problems.append(f"a combo box with neither a label nor a description: {control}")
            if focusable and role in vague and not has_focusable_control(node):
                problems.append(f"a vague role for a control that takes the focus: {control}")
        if role in containers or depth > 40:
            return
        for i in range(node.childCount):
            try:
                child = node.getChildAtIndex(i)
            except Exception:  # noqa: BLE001
                continue
            if child is not None:
                visit(child, here, depth + 1)

    visit(root, "", 0)
    return found, problems


class App:
    def __init__(self, process):
        import pyatspi
        self.pyatspi = pyatspi
        self.process = process
        self.node = wait_for(self.find, "the app on the accessibility bus")

    def find(self):
        desktop = self.pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.get_process_id() == self.process.pid:
                    return app
            except Exception:  # noqa: BLE001
                continue
        return None

    def windows(self):
        P = self.pyatspi
        result = []
        try:
            self.node.clearCache()
        except Exception:  # noqa: BLE001
            pass
        for i in range(self.node.childCount):
            try:  # a window closed meanwhile is gone from the bus
                w = self.node.getChildAtIndex(i)
                if w is not None and w.getState().contains(P.STATE_SHOWING):
                    w.name  # noqa: B018 - still there?
                    result.append(w)
            except Exception:  # noqa: BLE001
                continue
        return result

    def describe(self):
        """The top-level windows as AT-SPI has them (for a failure's message)."""
        lines = []
        for i in range(self.node.childCount):
            try:
                w = self.node.getChildAtIndex(i)
                lines.append(f"  window {w.getRoleName()} {w.name!r} states={w.getState().getStates()}")
            except Exception as error:  # noqa: BLE001
                lines.append(f"  window ? ({error})")
        return "\n".join(lines)

    def window(self, pattern):
        regex = re.compile(pattern)
        return wait_for(lambda: next((w for w in self.windows() if regex.search(w.name or "")), None),
                        lambda: f"a window named /{pattern}/ (shown: {[w.name for w in self.windows()]})")

    def gone(self, pattern, timeout=WAIT):
        regex = re.compile(pattern)
        wait_for(lambda: not any(regex.search(w.name or "") for w in self.windows()),
                 f"the window /{pattern}/ to close", timeout)

    def active_window(self):
        P = self.pyatspi
        return next((w for w in self.windows() if w.getState().contains(P.STATE_ACTIVE)), None)

    def wait_active(self, window, timeout=WAIT):
        """Qt calls the window active and the X input focus is on it. On a desktop the window
        manager gives the focus (also back to a dialog's parent when the dialog closes); Xvfb has
        none, and an X server drops a focus request that comes too early: ask again now and then."""
        name = window.name
        deadline = time.monotonic() + timeout
        asked = 0.0
        while True:
            active = self.active_window()
            ids = self.x_windows(name)
            if active is not None and active.name == name and ids and self.x_focused() in ids:
                return
            if ids and time.monotonic() - asked > 2:
                subprocess.run(["xdotool", "windowfocus", ids[0]], capture_output=True, timeout=30)
                asked = time.monotonic()
            if time.monotonic() > deadline:
                raise TimeoutError(f"waited {timeout:.0f} s for the window {name!r} to be active")
            time.sleep(0.1)

    def x_windows(self, name):
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(self.process.pid),
                                "--name", "^" + re.escape(name)], capture_output=True, text=True, timeout=30)
        return found.stdout.split()

    @staticmethod
    def x_focused():
        return subprocess.run(["xdotool", "getwindowfocus"], capture_output=True, text=True, timeout=30).stdout.strip()


def find(root, role_name, pattern):
    """The first showing descendant with this role whose name matches."""
    import pyatspi as P
    regex = re.compile(pattern)

    def visit(node):
        try:
            if not node.getState().contains(P.STATE_SHOWING):
                return None
            if node.getRoleName() == role_name and regex.search(node.name or ""):
                return node
            for i in range(node.childCount):
                child = node.getChildAtIndex(i)
                if child is not None and (hit := visit(child)):
                    return hit
        except Exception:  # noqa: BLE001
            return None
        return None
    return visit(root)


def wait_find(root, role_name, pattern):
    return wait_for(lambda: find(root, role_name, pattern), f"a {role_name} named /{pattern}/ in {root.name!r}")


# --- real key events (XTest, as from a keyboard) ------------------------------------------------
# xdotool, not AT-SPI's generateKeyboardEvent: with Qt's AT-SPI bridge listening to the keys (as
# for a screen reader) the registry's own synthesized keys reach the main window only now and
# then, while XTest's always do.

def key(combo):
    """'ctrl+comma', 'question', 'a', 'ctrl+shift+q' (xdotool's key names)"""
    subprocess.run(["xdotool", "key", "--clearmodifiers", combo], check=True, timeout=30)


def type_text(text):
    subprocess.run(["xdotool", "type", "--delay", "20", text], check=True, timeout=60)


def press(node):
    """The node's first action (a page tab's "Press"), through AT-SPI."""
    action = node.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    action.doAction(names.index("Press") if "Press" in names else 0)


def focus(node):
    node.queryComponent().grabFocus()
    import pyatspi as P
    wait_for(lambda: node.getState().contains(P.STATE_FOCUSED), f"the focus on {node.name!r}")


# --- the scenario -----------------------------------------------------------------------------

class Walker:
    def __init__(self, report):
        self.report = report
        self.results = []  # (what, controls, problems)

    def check(self, what, window, expected=()):
        found, problems = walk(window)
        for role_name, pattern in expected:
            if not any(c.role == role_name and re.search(pattern, c.name) for c in found):
                problems.append(f"missing: a {role_name} named /{pattern}/")
        self.results.append((what, found, problems))
        print(f"{what}: {len(found)} controls, {sum(1 for p in problems if p.startswith('no name'))} unnamed,"
              f" {len(problems)} problems")
        if self.report:
            for c in found:
                print(f"    {c}")
        for p in problems:
            print(f"    PROBLEM {p}")

    def failed(self):
        return sum(len(p) for _, _, p in self.results)


def text_of(node):
    text = node.queryText()
    return text.getText(0, text.characterCount)


def fill(field, text):
    """Types into a field with real keys until it holds the text (a key typed before the window had
    the X input focus is lost: type again)."""
    def typed():
        focus(field)
        key("ctrl+a")
        key("BackSpace")
        type_text(text)
        try:
            return wait_for(lambda: len(text_of(field)) == len(text), f"{field.name!r} to hold the text", 5)
        except TimeoutError:
            return False
    wait_for(typed, lambda: f"{field.name!r} to hold the text (it holds {len(text_of(field))} characters)")


def sign_in(app, user):
    login = app.window(r"^Sign in")
    app.wait_active(login)
    fill(wait_find(login, "text", "^User name$"), user)
    password = wait_find(login, "password text", "^Password$")

    def signed_in():
        # A password field does not tell its text: type it, press Enter, and see the dialog go.
        focus(password)
        key("ctrl+a")
        key("BackSpace")
        type_text(PASSWORDS[user])
        key("Return")
        try:
            app.gone(r"^Sign in", 20)
            return True
        except TimeoutError:
            return False
    wait_for(signed_in, f"the sign-in of {user}", 3 * WAIT)


def page_tabs(tab_list):
    """The page tabs of a tab bar (not its scroll buttons)."""
    tabs = [tab_list.getChildAtIndex(i) for i in range(tab_list.childCount)]
    return [t for t in tabs if t is not None and t.getRoleName() == "page tab"]


def current_page(app, tab):
    """Qt 6.4 marks the page tab shown as focused (not selected): either will do."""
    states = tab.getState()
    return states.contains(app.pyatspi.STATE_SELECTED) or states.contains(app.pyatspi.STATE_FOCUSED)


def back_to_refused(app, main):
    """The refused decisions again after a dialog of theirs closed: without a window manager the
    focus may land in the main window; its key brings them back, as a person would press it."""
    refused = app.window(r"^Refused decisions$")
    try:
        app.wait_active(refused, 15)
    except TimeoutError:
        app.wait_active(main)
        key("ctrl+shift+c")
        refused = app.window(r"^Refused decisions$")
        app.wait_active(refused)
    return refused


def scenario(app, backend, ids, walker):
    # Sign in.
    login = app.window(r"^Sign in")
    walker.check("sign-in dialog", login, [("text", "^Server URL$"), ("text", "^User name$"),
                                           ("password text", "^Password$"), ("push button", "^Sign in$"),
                                           ("push button", "cached outputs"), ("push button", "Cancel")])
    sign_in(app, "rev1")
    main = app.window(r"^Feedback Reviewer$")
    app.wait_active(main)
    wait_find(main, "push button", "^Approve")
    walker.check("main window", main, [("push button", "^Approve"), ("push button", "^Reject"),
                                       ("list", "."), ("text", "[Ff]ilter")])

    # The cheat sheet.
    key("question")
    sheet = app.window(r"^Keyboard shortcuts$")
    walker.check("cheat sheet", sheet, [("table", "."), ("push button", "Close")])
    app.wait_active(sheet)
    key("Escape")
    app.gone(r"^Keyboard shortcuts$")
    app.wait_active(main)

    # Settings, each page.
    key("ctrl+comma")
    settings = app.window(r"^Settings$")
    app.wait_active(settings)
    pages = wait_find(settings, "page tab list", ".")
    for i, tab in enumerate(page_tabs(pages)):
        if i > 0:
            press(tab)  # the table has the focus and keeps Ctrl+PageDown: as a screen reader does it
        wait_for(lambda: current_page(app, tab),
                 lambda: f"the page {tab.name!r} (states {[str(x) for x in tab.getState().getStates()]}, role {tab.getRoleName()})")
        expected = {"Shortcuts": [("table", "."), ("push button", ".")],
                    "Reject reasons": [("text", "key 1"), ("check box", "key 1")],
                    "Lease": [("spin button", ".")]}.get(tab.name, [])
        walker.check(f"settings page {tab.name!r}", settings, expected + [("push button", "^OK$")])
    key("Escape")
    app.gone(r"^Settings$")
    app.wait_active(main)

    # The offline lease.
    key("ctrl+l")
    lease = app.window(r"^Lease for offline review$")
    walker.check("offline lease dialog", lease, [("spin button", "outputs"), ("spin button", "hours"),
                                                 ("push button", "^Lease$")])
    app.wait_active(lease)
    key("Escape")
    app.gone(r"^Lease for offline review$")
    app.wait_active(main)

    # A refused decision: rev2 decided the outputs first, rev1 approves one.
    backend.decide_first(ids, "rev2")
    key("a")
    wait_for(lambda: find(main, "label", "^Refused decisions$"), "the status line to say a decision was refused")
    key("ctrl+shift+c")
    refused = app.window(r"^Refused decisions$")
    app.wait_active(refused)
    table = wait_find(refused, "table", ".")
    focus(table)
    walker.check("refused decisions", refused, [("table", "."), ("push button", "Send again"),
                                                ("push button", "Discard")])
    key("e")
    edit = app.window(r"^Edit and send again$")
    walker.check("edit and send again", edit, [("radio button", "Approve"), ("radio button", "Reject"),
                                               ("text", "^Correction$"), ("text", "^Comment$")])
    app.wait_active(edit)
    key("Escape")
    app.gone(r"^Edit and send again$")
    refused = back_to_refused(app, main)
    focus(wait_find(refused, "table", "."))
    key("d")
    question = app.window(r"^Discard this decision\?$")
    walker.check("discard question", question, [("push button", "Discard"), ("push button", "Cancel")])
    app.wait_active(question)
    key("Escape")
    app.gone(r"^Discard this decision\?$")
    back_to_refused(app, main)
    key("Escape")
    app.gone(r"^Refused decisions$")
    app.wait_active(main)

    # Sign out: the question, then the sign-in dialog again, as the supervisor.
    key("ctrl+shift+q")
    signout = app.window(r"^Sign out$")
    walker.check("sign-out dialog", signout, [("radio button", "Keep"), ("radio button", "Hand"),
                                              ("push button", "^Sign out$"), ("push button", "Cancel")])
    app.wait_active(signout)
    key("Return")
    sign_in(app, "lead")

    # The SLA dashboard, each page, and its key list.
    dashboard = app.window(r"^SLA dashboard")
    app.wait_active(dashboard)
    pages = wait_find(dashboard, "page tab list", ".")
    for i, tab in enumerate(page_tabs(pages)):
        key(f"ctrl+{i + 1}")
        wait_for(lambda: current_page(app, tab), f"the page {tab.name!r}")
        walker.check(f"SLA dashboard page {tab.name!r}", dashboard,
                     [("spin button", "^Target hours$"), ("combo box", "."), ("push button", "^Refresh$")])
    key("question")
    keys = app.window(r"^Keys of the SLA dashboard$")
    walker.check("SLA dashboard keys", keys, [("table", "."), ("push button", "Close")])
    app.wait_active(keys)
    key("Escape")
    app.gone(r"^Keys of the SLA dashboard$")


def inner(args):
    try:
        import pyatspi  # noqa: F401
    except ImportError:
        skip("pyatspi is not installed (Debian: python3-pyatspi)")
    if not accessibility_bus_address():
        skip("the AT-SPI accessibility bus cannot be started (at-spi2-core)")
    start_keyring()
    folder = args.folder
    backend = Backend(args.backend, folder)
    process = None
    try:
        backend.start()
        ids = backend.ingest(4)
        env = dict(os.environ, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_ACCESSIBILITY="1",
                   LANG="C.UTF-8", LC_ALL="C.UTF-8")
        log = open(os.path.join(folder, "app.log"), "w")
        process = subprocess.Popen([args.app, "--server", backend.url], env=env, stdout=log, stderr=subprocess.STDOUT)
        app = App(process)
        walker = Walker(args.report)
        try:
            scenario(app, backend, ids, walker)
        except Exception as error:  # noqa: BLE001 - any failure: say what the app showed
            print(f"FAILED: {type(error).__name__}: {error}")
            import traceback
            traceback.print_exc(limit=-3, file=sys.stdout)
            print(app.describe())
            if shutil.which("import"):  # ImageMagick: what the screen showed (with --keep)
                subprocess.run(["import", "-window", "root", os.path.join(folder, "failure.png")], check=False)
            print(open(os.path.join(folder, "app.log")).read()[-3000:])
            return 1
        failed = walker.failed()
        total = sum(len(c) for _, c, _ in walker.results)
        unnamed = sum(1 for _, _, ps in walker.results for p in ps if p.startswith("no name"))
        print(f"{len(walker.results)} windows and pages walked, {total} controls, {unnamed} unnamed, "
              f"{failed} problems")
        return 1 if failed else 0
    finally:
        if process:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
        backend.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", required=True)
    parser.add_argument("--backend", required=True)
    parser.add_argument("--report", action="store_true", help="print every control found")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs)")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    return inner(args) if args.inner else outer(args)


if __name__ == "__main__":
    sys.exit(main())
