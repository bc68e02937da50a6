// The page's requests to the app. Each carries the page's token in a header (no cookie: a
// browser would give it to every other port of 127.0.0.1); the report's frame and the
// downloads, which cannot send one, go in with a ticket asked for just before (withTicket).
import { showError } from "./page.js";

const token = document.querySelector('meta[name="linkage-token"]').content;
// kept by this tab alone, so that a reload of "/" goes back in; out of the address bar
sessionStorage.setItem("linkage-token", token);
history.replaceState(null, "", "/");

export async function call(method, url, body, contentType) {
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
  if (!response.ok) {
    const error = new Error(data.error || "linkage app refused this (" + response.status + ").");
    error.field = data.field;  // the form's field it is about, where there is one
    throw error;
  }
  return data;
}

// a frame's source and a download link cannot send the token: a one-use ticket lets them in
export async function withTicket(path, use) {
  try {
    const pass = await call("POST", "/api/ticket?path=" + encodeURIComponent(path));
    use(path + "?ticket=" + encodeURIComponent(pass.ticket));
  } catch (e) { showError("run-error", e.message); }
}
