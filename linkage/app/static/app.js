// linkage app: the page's behaviour. Everything shown that came from the user or from the web
// is set with textContent (never as HTML). Every request carries the page's token in a header
// (no cookie: a browser would give it to every other port of 127.0.0.1); the report's frame
// and the downloads, which cannot send one, go in with a ticket asked for just before.
//
// This module wires the page's modules (ES modules: strict, and run once the page is read):
// page.js (shared helpers), requests.js (the token, requests and tickets), accounts.js (the
// list), add-form.js and upload.js (adding an account or an export), audit.js with
// verdict.js and report.js (the run), forget.js.
import { showError } from "./page.js";
import { call } from "./requests.js";
import { refreshAccounts } from "./accounts.js";
import { wireAddForm } from "./add-form.js";
import { wireUpload } from "./upload.js";
import { wireReport } from "./report.js";
import { wireAudit, showRun } from "./audit.js";
import { wireForget } from "./forget.js";

wireAddForm();
wireUpload();
wireReport();
wireAudit();
wireForget();

refreshAccounts();
// back on the page after editing the accounts file by hand: the list as the file now holds it
window.addEventListener("focus", refreshAccounts);
showRun();
