// linkage app: the page's behaviour. Everything shown that came from the user or from the web
// is set with textContent (never as HTML). Every change is a POST carrying the page's token.
"use strict";
(function () {
  const token = document.querySelector('meta[name="linkage-token"]').content;
  const maxUploadMb = Number(document.querySelector('meta[name="linkage-max-upload"]').content);
  const $ = (id) => document.getElementById(id);
  let polling = null;

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  async function call(method, url, body, contentType) {
    const options = { method, headers: {}, credentials: "same-origin" };
    if (method !== "GET") {
      options.headers["X-Linkage-Token"] = token;
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

  // -- accounts ------------------------------------------------------------------------------
  function drawAccounts(data) {
    const list = $("account-list");
    list.replaceChildren();
    $("accounts-path").textContent = data.path;
    if (!data.accounts.length) list.append(el("li", "explain", "No accounts yet: add one above, or try the demo."));
    for (const row of data.accounts) {
      const item = el("li");
      item.dataset.number = row.number;
      item.append(el("span", "label", row.label), el("span", "tag", row.platform));
      item.append(el("span", "tag persona", row.persona || "no persona"));
      const remove = el("button", "remove", "✕");
      remove.type = "button";
      remove.title = "Remove " + row.label + " from the list";
      remove.setAttribute("aria-label", remove.title);
      remove.addEventListener("click", async () => {
        try { drawAccounts(await call("POST", "/api/accounts/remove", { number: row.number })); showError("accounts-error", ""); }
        catch (e) { showError("accounts-error", e.message); }
      });
      item.append(remove, el("span", "explain", row.explanation));
      list.append(item);
    }
  }

  let typing = null;
  $("handle").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(async () => {
      const text = $("handle").value;
      const hint = $("recognised");
      if (!text.trim()) { hint.className = "hint"; hint.textContent = "For example a GitHub address, a Mastodon handle, or your blog's address."; return; }
      try {
        const found = await call("GET", "/api/recognise?text=" + encodeURIComponent(text));
        if ($("handle").value !== text) return;
        hint.className = found.ok ? "hint ok" : "hint bad";
        hint.textContent = found.ok ? found.explanation + " (" + found.handle + ")" : found.message;
      } catch (e) { hint.className = "hint bad"; hint.textContent = e.message; }
    }, 200);
  });
  $("persona-other").addEventListener("input", () => { document.querySelector('input[name="persona"][value="other"]').checked = true; });

  // no side is chosen for the user: a work account filed as personal by default would put
  // both sides on one and the audit would have nothing to compare
  const CHOOSE_SIDE = "Say which side of you this account is on: personal, professional, or a label of your own.";

  $("add-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      if (!persona()) {  // what is wrong with the address comes first, then the side
        const found = await call("GET", "/api/recognise?text=" + encodeURIComponent($("handle").value));
        $("recognised").className = "hint bad";
        $("recognised").textContent = found.ok ? CHOOSE_SIDE : found.message;
        return;
      }
      drawAccounts(await call("POST", "/api/accounts/add", { text: $("handle").value, persona: persona() }));
      $("handle").value = "";
      $("recognised").className = "hint";
      $("recognised").textContent = "Added. Add another, or run the audit.";
      showError("accounts-error", "");
      showError("run-error", "");  // "Add at least one account first" no longer holds
    } catch (e) {
      // said once, under the field it is about (the hint may already say it as typed)
      $("recognised").className = "hint bad";
      $("recognised").textContent = e.message;
      showError("accounts-error", "");
    }
  });

  async function upload(file) {
    if (!file) return;
    if (!persona()) { showError("accounts-error", CHOOSE_SIDE); return; }
    if (file.size > maxUploadMb * 1024 * 1024) {
      showError("accounts-error", "This file is larger than " + maxUploadMb + " MB, the most the page accepts.");
      return;
    }
    $("recognised").className = "hint";
    $("recognised").textContent = "Reading " + file.name + "…";
    try {
      const url = "/api/archive?name=" + encodeURIComponent(file.name) + "&persona=" + encodeURIComponent(persona());
      drawAccounts(await call("POST", url, file, "application/octet-stream"));
      $("recognised").textContent = "Added the export " + file.name + ".";
      showError("accounts-error", "");
      showError("run-error", "");
    } catch (e) { showError("accounts-error", e.message); $("recognised").textContent = ""; }
  }
  $("archive").addEventListener("change", () => { upload($("archive").files[0]); $("archive").value = ""; });
  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); upload(e.dataTransfer.files[0]); });

  // -- the audit -----------------------------------------------------------------------------
  const STATES = { waiting: "waiting", reading: "reading", done: "read", failed: "failed" };

  function drawProgress(run) {
    const running = run.state === "running";
    $("start").disabled = running;
    $("demo").disabled = running;
    $("forget").disabled = running;
    $("forget-yes").disabled = running;
    $("stage").textContent = running ? run.stage + "… (" + run.seconds + " s)" : run.state === "done" ? (run.demo ? "Finished the demo." : "Finished.") : "";
    // the demo's report is of fictional people: said where it shows, not to be taken for the user's
    $("report-title").textContent = run.demo ? "3. The demo's report (fictional people, not your accounts)" : "3. The report";
    const list = $("progress");
    list.replaceChildren();
    for (const account of run.accounts) {
      const item = el("li", account.state);
      item.append(el("span", "label", account.label), el("span", "state", STATES[account.state] || account.state));
      item.append(el("span", "message", account.message));
      list.append(item);
    }
    showError("run-error", run.state === "failed" ? run.error : "");
    $("summary").textContent = run.summary || "";
    if (run.state === "done") showReport(run);
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
        item.append(link);
      } else {
        item.append(el("span", "unavailable", output.label + ": "), el("span", "why", output.why));
      }
      downloads.append(item);
    }
    view("report");
  }

  function view(name) {
    $("report-frame").src = "/view/" + name + "?t=" + Date.now();
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

  async function start(demo) {
    showError("run-error", "");
    $("report").hidden = true;
    try {
      drawProgress(await call("POST", "/api/run", { demo }));
      if (!polling) polling = setInterval(poll, 400);
    } catch (e) { showError("run-error", e.message); }
  }
  $("start").addEventListener("click", () => start(false));
  $("demo").addEventListener("click", () => start(true));

  // -- forget --------------------------------------------------------------------------------
  // a click asks first: forgetting cannot be undone
  function askForget(open) {
    $("forget-confirm").hidden = !open;
    $("forget").setAttribute("aria-expanded", String(open));
    if (open) { $("forget-result").textContent = ""; $("forget-yes").focus(); }
  }
  $("forget").addEventListener("click", () => askForget($("forget-confirm").hidden));
  $("forget-no").addEventListener("click", () => {
    askForget(false);
    $("forget-result").textContent = "Nothing was deleted.";
    $("forget").focus();
  });
  $("forget-yes").addEventListener("click", async () => {
    askForget(false);
    try {
      const data = await call("POST", "/api/forget", {});
      $("forget-result").textContent = data.message;
      drawAccounts(data);
      $("report").hidden = true;
      $("progress").replaceChildren();
      $("summary").textContent = "";
      $("stage").textContent = "";
    } catch (e) { $("forget-result").textContent = e.message; }
  });

  call("GET", "/api/accounts").then(drawAccounts, (e) => showError("accounts-error", e.message));
  call("GET", "/api/run").then((run) => { if (run.state !== "idle") drawProgress(run); if (run.state === "running") polling = setInterval(poll, 400); });
})();
