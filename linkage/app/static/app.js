// linkage app: the page's behaviour. Everything shown that came from the user or from the web
// is set with textContent (never as HTML). Every request carries the page's token in a header
// (no cookie: a browser would give it to every other port of 127.0.0.1); the report's frame
// and the downloads, which cannot send one, go in with a ticket asked for just before.
"use strict";
(function () {
  const token = document.querySelector('meta[name="linkage-token"]').content;
  // kept by this tab alone, so that a reload of "/" goes back in; out of the address bar
  sessionStorage.setItem("linkage-token", token);
  history.replaceState(null, "", "/");
  const uploadCap = document.querySelector('meta[name="linkage-max-upload"]');
  const maxUpload = Number(uploadCap.content);
  const $ = (id) => document.getElementById(id);
  let polling = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  async function call(method, url, body, contentType) {
    const options = { method, headers: { "X-Linkage-Token": token }, credentials: "omit" };
    if (method !== "GET") {
      if (body !== undefined) {
        options.headers["Content-Type"] = contentType || "application/json";
        options.body = contentType ? body : JSON.stringify(body);
      }
    }
    let response;
    try {
      response = await fetch(url, options);
    } catch (e) {
      throw new Error("linkage app is not answering. Is it still running? Start it again with 'linkage app'.");
    }
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    if (!response.ok) throw new Error(data.error || "linkage app refused this (" + response.status + ").");
    return data;
  }

  function persona() {
    const chosen = document.querySelector('input[name="persona"]:checked');
    if (!chosen) return "";
    return chosen.value === "other" ? $("persona-other").value.trim() : chosen.value;
  }

  function showError(id, message) {
    const node = $(id);
    node.textContent = message || "";
    node.hidden = !message;
  }

  // One polite live region (#announce) says what a screen reader user would otherwise miss:
  // each stage once (not its waits), that the run finished (the verdict is read by its heading,
  // which takes the focus), an account or export added, an error, a change of meaning in the
  // address hint. Saying the same words again is skipped unless "again" (an error repeated on
  // a new try).
  function announce(text, again) {
    const node = $("announce");
    if (node.textContent === text && !again) return;
    node.textContent = again && node.textContent === text ? text + "\u00a0" : text;
  }

  // -- errors, each at its field -------------------------------------------------------------
  const HINT = "For example a GitHub address, a Mastodon handle, or your blog's address.";

  function setHint(text, kind) {
    $("recognised").className = kind ? "hint " + kind : "hint";
    $("recognised").textContent = text;
  }

  function handleError(message) {  // under the address field, which it describes
    setHint(message, "bad");
    $("handle").setAttribute("aria-invalid", "true");
  }

  function sideError(message) {  // at the "Which side of you is it?" fieldset
    showError("persona-error", message);
    for (const input of document.querySelectorAll('#persona input')) {
      if (message) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
  }

  // -- accounts ------------------------------------------------------------------------------
  function drawAccounts(data) {
    const list = $("account-list");
    list.replaceChildren();
    $("accounts-path").textContent = data.path;
    if (!data.accounts.length) list.append(el("li", "explain", "No accounts of yours yet: add one above. The demo, at the top of the page, reads its own fictional accounts, not this list."));
    for (const row of data.accounts) {
      const item = el("li");
      item.dataset.number = row.number;
      item.append(el("span", "label", row.label), el("span", "tag", row.platform));
      item.append(el("span", "tag persona", row.persona || "no side"));
      const remove = el("button", "remove", "✕");
      remove.type = "button";
      remove.title = "Remove " + row.label + " from the list";
      remove.setAttribute("aria-label", remove.title);
      remove.addEventListener("click", async () => {
        const place = [...list.querySelectorAll("button.remove")].indexOf(remove);
        try {
          drawAccounts(await call("POST", "/api/accounts/remove", { number: row.number }));
          showError("accounts-error", "");
          // the button pressed is gone with its line: focus the next line's (or the last
          // line's), or the list's heading when none is left
          const left = list.querySelectorAll("button.remove");
          (left[Math.min(place, left.length - 1)] || $("list-title")).focus();
          announce("Removed " + row.label + " from the list.");
        }
        catch (e) { showError("accounts-error", e.message); }
      });
      item.append(remove, el("span", "explain", row.explanation));
      list.append(item);
    }
  }

  // what the hint means, without the text typed (which most messages repeat): said aloud only
  // when this changes, not after every pause in typing (it is #handle's description too)
  let hintMeaning = "";
  function sayHint(meaning, text) {
    if (meaning === hintMeaning) return;
    hintMeaning = meaning;
    announce(text);
  }

  let typing = null;
  $("handle").addEventListener("input", () => {
    $("handle").removeAttribute("aria-invalid");
    clearTimeout(typing);
    typing = setTimeout(async () => {
      const text = $("handle").value;
      if (!text.trim()) { setHint(HINT); hintMeaning = ""; return; }
      try {
        const found = await call("GET", "/api/recognise?text=" + encodeURIComponent(text));
        if ($("handle").value !== text) return;
        if (found.ok) {
          setHint(found.explanation + " (" + found.handle + ")", "ok");
          sayHint("ok " + found.explanation, found.explanation);
        } else {
          setHint(found.message, "bad");
          // the message's shape: what was typed (quoted, or as in "github:NAME") left out
          sayHint("bad " + found.message.replace(/'[^']*'/g, "").replace(/\S*:\S*/g, ""), found.message);
        }
      } catch (e) { setHint(e.message, "bad"); sayHint("error " + e.message, e.message); }
    }, 200);
  });
  $("persona-other").addEventListener("input", () => { document.querySelector('input[name="persona"][value="other"]').checked = true; sideError(""); });
  for (const radio of document.querySelectorAll('input[name="persona"]')) radio.addEventListener("change", () => sideError(""));

  // no side is chosen for the user: a work account filed as personal by default would put
  // both sides on one and the audit would have nothing to compare
  const CHOOSE_SIDE = "Say which side of you this account is on: personal, professional, or a label of your own.";

  // each error at its field; focus goes to the first field at fault, whose description
  // (aria-describedby) is the error; it is also announced, for a field already focused
  function faults(addressError, noSide) {
    if (addressError) handleError(addressError);
    sideError(noSide ? CHOOSE_SIDE : "");
    if (addressError) $("handle").focus();
    else if (noSide) document.querySelector('#persona input[type="radio"]').focus();
    announce([addressError, noSide ? CHOOSE_SIDE : ""].filter(Boolean).join(" "), true);
  }

  $("add-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      if (!persona()) {  // what is wrong with the address comes first, then the side
        const found = await call("GET", "/api/recognise?text=" + encodeURIComponent($("handle").value));
        faults(found.ok ? "" : found.message, true);
        return;
      }
      sideError("");
      drawAccounts(await call("POST", "/api/accounts/add", { text: $("handle").value, persona: persona() }));
      $("handle").value = "";
      $("handle").removeAttribute("aria-invalid");
      setHint("Added. Add another, or run the audit.");
      announce("Added. Add another, or run the audit.", true);
      hintMeaning = "";
      showError("accounts-error", "");
      showError("run-error", "");  // "Add at least one account first" no longer holds
    } catch (e) {
      // said once, under the field it is about (the hint may already say it as typed)
      faults(e.message, false);
      showError("accounts-error", "");
    }
  });

  // an upload's error is at the file chooser, which it describes, and is said; its success is
  // said as an added handle's is, and takes the place of any error said before
  function archiveError(message) {
    showError("archive-error", message);
    if (message) {
      $("archive").setAttribute("aria-invalid", "true");
      $("archive").focus();
      announce(message, true);
    } else $("archive").removeAttribute("aria-invalid");
  }

  async function upload(file) {
    if (!file) return;
    archiveError("");
    if (!persona()) { faults("", true); return; }
    if (file.size > maxUpload) {
      archiveError("This file is larger than " + uploadCap.dataset.words + ", the most the page accepts.");
      return;
    }
    setHint("Reading " + file.name + "…");
    try {
      const url = "/api/archive?name=" + encodeURIComponent(file.name) + "&persona=" + encodeURIComponent(persona());
      drawAccounts(await call("POST", url, file, "application/octet-stream"));
      const added = "Added the export " + file.name + ". Add another, or run the audit.";
      $("handle").removeAttribute("aria-invalid");  // the hint no longer says what was wrong
      setHint(added);
      announce(added, true);
      hintMeaning = "";
      showError("accounts-error", "");
      showError("run-error", "");  // "Add at least one account first" no longer holds
    } catch (e) { setHint(HINT); archiveError(e.message); }
  }
  $("archive").addEventListener("change", () => { upload($("archive").files[0]); $("archive").value = ""; });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); upload(e.dataTransfer.files[0]); });

  // -- the audit -----------------------------------------------------------------------------
  const STATES = { waiting: "waiting", reading: "reading", done: "read", failed: "failed" };

  // a run this page started or saw running: when it ends, the verdict takes the focus
  let watching = false;

  function drawProgress(run) {
    const running = run.state === "running";
    // not disabled: a disabled button loses the focus, which then falls to the page's start
    for (const id of ["start", "demo", "demo-after"]) $(id).setAttribute("aria-disabled", String(running));
    $("forget").disabled = running;
    $("forget-yes").disabled = running;
    const finished = run.after ? "Finished the demo after its changes." : run.demo ? "Finished the demo." : "Finished.";
    // a request that waits shows why nothing moves ("github.com asked linkage to wait 20 s"),
    // but only the stage is said, once: not every try of a site that does not answer
    const words = running ? run.stage + "…" + (run.wait ? " " + run.wait + "." : "") : run.state === "done" ? finished : "";
    $("stage-words").textContent = words;
    $("stage-timer").textContent = running ? "(" + run.seconds + " s)" : "";
    if (running && run.stage) announce(run.stage + "…");
    // the demo's report is of fictional people: said where it shows, not to be taken for the user's
    $("report-title").textContent = run.after ? "3. The demo's report after its changes (fictional people, not your accounts)"
      : run.demo ? "3. The demo's report (fictional people, not your accounts)" : "3. The report";
    // a trainer's next step: the same person once the changes are made
    $("demo-next").hidden = !(run.state === "done" && run.demo && !run.after);
    const list = $("progress");
    list.replaceChildren();
    for (const account of run.accounts) {
      const item = el("li", account.state);
      item.append(el("span", "label", account.label), el("span", "state", STATES[account.state] || account.state));
      item.append(el("span", "message", account.message));
      list.append(item);
    }
    showError("run-error", run.state === "failed" ? run.error : "");
    drawVerdict(run);
    if (run.state === "done") showReport(run);
    if (watching && run.state !== "running") {
      watching = false;
      if (run.state === "done") {
        // the verdict is said once, as its heading takes the focus; the live region says only
        // that the run is over (its words again would be read twice)
        announce(words);
        $("verdict").focus();
      }
    }
  }

  // the report's first screen in short, where the run ends: the warning of an incomplete audit
  // first, then the headline with its level's word, then the first change
  function drawVerdict(run) {
    const verdict = run.state === "done" ? run.verdict || {} : {};
    const box = $("summary");
    box.hidden = !verdict.headline;
    const head = $("verdict");
    head.replaceChildren();
    // the badges and the headline, read as one sentence: "almost certain: Your …",
    // "Incomplete, unknown: Not known yet …" (separators drawn off-screen were read with
    // spaces around them, "almost certain : Your …")
    const badges = [];
    const badge = (className, text) => {
      head.append(el("span", "badge " + className, text));
      badges.push(text);
    };
    if (verdict.incomplete) badge("incomplete", "Incomplete");
    if (verdict.label) badge("level-" + verdict.level, verdict.label);
    if (badges.length) head.setAttribute("aria-label", badges.join(", ") + ": " + (verdict.headline || ""));
    else head.removeAttribute("aria-label");
    head.append(document.createTextNode(verdict.headline || ""));
    const described = [];
    for (const [id, text] of [["verdict-incomplete", verdict.incomplete], ["verdict-change", verdict.change]]) {
      $(id).textContent = text || "";
      $(id).hidden = !text;
      if (text) described.push(id);
    }
    // read with the heading when it takes the focus: why it is incomplete, the first change
    if (described.length) head.setAttribute("aria-describedby", described.join(" "));
    else head.removeAttribute("aria-describedby");
    $("verdict-counts").textContent = run.summary || "";
  }

  function showReport(run) {
    $("report").hidden = false;
    const downloads = $("downloads");
    downloads.replaceChildren();
    for (const output of run.outputs) {
      const item = el("li");
      if (output.ready) {
        const link = el("a", "", output.label);
        link.href = "/download/" + output.name;
        link.setAttribute("download", "");
        link.dataset.output = output.name;
        // a middle click or "Save link as" takes the link's own address: it is given a fresh
        // ticket when the pointer or the focus comes to it, and on the context menu
        const path = "/download/" + output.name;
        const refresh = () => withTicket(path, (address) => { link.href = address; });
        for (const type of ["pointerenter", "focus", "contextmenu"]) link.addEventListener(type, refresh);
        link.addEventListener("click", (event) => {
          event.preventDefault();
          withTicket(path, (address) => {
            const once = el("a");
            once.href = address;
            once.setAttribute("download", "");
            once.hidden = true;
            document.body.append(once);
            once.click();
            once.remove();
          });
        });
        item.append(link);
      } else {
        item.append(el("span", "unavailable", output.label + ": "), el("span", "why", output.why));
      }
      downloads.append(item);
    }
    view("report");
  }

  // a frame's source and a download link cannot send the token: a one-use ticket lets them in
  async function withTicket(path, use) {
    try {
      const pass = await call("POST", "/api/ticket?path=" + encodeURIComponent(path));
      use(path + "?ticket=" + encodeURIComponent(pass.ticket));
    } catch (e) { showError("run-error", e.message); }
  }

  function view(name) {
    withTicket("/view/" + name, (address) => { $("report-frame").src = address; });
    for (const tab of document.querySelectorAll(".tabs button")) tab.setAttribute("aria-pressed", String(tab.dataset.view === name));
  }
  for (const tab of document.querySelectorAll(".tabs button")) tab.addEventListener("click", () => view(tab.dataset.view));

  async function poll() {
    try {
      const run = await call("GET", "/api/run");
      drawProgress(run);
      if (run.state !== "running") { clearInterval(polling); polling = null; }
    } catch (e) { showError("run-error", e.message); clearInterval(polling); polling = null; }
  }

  async function start(demo, after = false) {
    if ($(after ? "demo-after" : demo ? "demo" : "start").getAttribute("aria-disabled") === "true") return;
    showError("run-error", "");
    $("report").hidden = true;
    // the demo's button is at the top of the page: show where its progress is drawn
    if (demo) $("run").scrollIntoView();
    try {
      watching = true;
      drawProgress(await call("POST", "/api/run", { demo, after }));
      if (!polling) polling = setInterval(poll, 400);
    } catch (e) { watching = false; showError("run-error", e.message); }
  }
  $("start").addEventListener("click", () => start(false));
  $("demo").addEventListener("click", () => start(true));
  $("demo-after").addEventListener("click", () => start(true, true));

  // -- forget --------------------------------------------------------------------------------
  // a click asks first: forgetting cannot be undone. The focus goes to "No, keep everything",
  // so that Enter pressed twice on "Forget" keeps everything; Escape says no as well
  function askForget(open) {
    $("forget-confirm").hidden = !open;
    $("forget").setAttribute("aria-expanded", String(open));
    if (open) { $("forget-result").textContent = ""; $("forget-no").focus(); }
  }
  function keepEverything() {
    askForget(false);
    $("forget-result").textContent = "Nothing was deleted.";
    $("forget").focus();
  }
  $("forget").addEventListener("click", () => askForget($("forget-confirm").hidden));
  $("forget-no").addEventListener("click", keepEverything);
  $("forget-section").addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("forget-confirm").hidden) { event.preventDefault(); keepEverything(); }
  });
  $("forget-yes").addEventListener("click", async () => {
    askForget(false);
    try {
      const data = await call("POST", "/api/forget", {});
      $("forget-result").textContent = data.message;
      drawAccounts(data);
      $("report").hidden = true;
      $("progress").replaceChildren();
      drawVerdict({ state: "idle" });
      $("stage-words").textContent = "";
      $("stage-timer").textContent = "";
    } catch (e) { $("forget-result").textContent = e.message; }
    // the buttons are hidden with the question: the result takes the focus
    $("forget-result").focus();
  });

  call("GET", "/api/accounts").then(drawAccounts, (e) => showError("accounts-error", e.message));
  call("GET", "/api/run").then((run) => {
    if (run.state === "running") { watching = true; polling = setInterval(poll, 400); }
    if (run.state !== "idle") drawProgress(run);
  });
})();
