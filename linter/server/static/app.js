// The page of `xxgk-lint serve`: send the chosen files to POST /api/check?format=bundle, show the
// HTML report (drawn by the same renderer as `check --format html`) in a frame, offer downloads.
// No inline script (the Content-Security-Policy allows only this file), no network but this server.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const form = $("check-form"), input = $("files"), drop = $("drop"), chosen = $("chosen");
  const submit = $("submit"), progress = $("progress"), progressText = $("progress-text");
  const bar = $("bar"), errorBox = $("error"), result = $("result"), frame = $("report");
  const ACCEPTED = [".docx", ".pdf", ".html", ".htm", ".txt", ".md", ".markdown", ".text", ".xhtml"];
  let files = [];
  const urls = [];

  function setFiles(list) {
    files = Array.from(list);
    chosen.textContent = "";
    for (const f of files) {
      const li = document.createElement("li");
      li.textContent = f.name + "（" + Math.max(1, Math.round(f.size / 1024)) + " KB）";
      chosen.appendChild(li);
    }
    submit.disabled = files.length === 0;
  }

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
  }

  input.addEventListener("change", () => setFiles(input.files));
  ["dragenter", "dragover"].forEach((type) => drop.addEventListener(type, (e) => {
    e.preventDefault();
    drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((type) => drop.addEventListener(type, (e) => {
    e.preventDefault();
    drop.classList.remove("over");
  }));
  drop.addEventListener("drop", (e) => {
    const dropped = Array.from(e.dataTransfer.files);
    const bad = dropped.filter((f) => !ACCEPTED.some((ext) => f.name.toLowerCase().endsWith(ext)));
    errorBox.hidden = true;
    if (bad.length) showError("不支持的文件类型：" + bad.map((f) => f.name).join("、") + "（支持 .docx .pdf .html .txt .md）");
    setFiles(dropped.filter((f) => !bad.includes(f)));
  });

  const tokenRow = $("token-row"), token = $("token");
  token.value = sessionStorage.getItem("xxgk-token") || "";
  fetch("healthz").then((r) => r.json()).then((h) => { if (h.token_required) tokenRow.hidden = false; })
    .catch(() => {});

  function download(id, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type: type }));
    urls.push(url);
    $(id).href = url;
  }

  function summarize(data) {
    const s = data.json.summary;
    const summary = $("summary");
    summary.textContent = "";
    const parts = [["共 " + s.files + " 个文件", ""], ["错误 " + s.error, "n-error"], ["警告 " + s.warning, "n-warning"],
                   ["提示 " + s.info, ""]];
    if (s.unreadable) parts.push(["无法读取 " + s.unreadable, "n-error"]);
    parts.forEach(([text, cls], i) => {
      const span = document.createElement("span");
      span.textContent = (i ? "，" : "") + text;
      if (cls) span.className = cls;
      summary.appendChild(span);
    });
  }

  function show(data) {
    while (urls.length) URL.revokeObjectURL(urls.pop());
    summarize(data);
    download("dl-json", JSON.stringify(data.json, null, 2) + "\n", "application/json");
    download("dl-sarif", data.sarif, "application/sarif+json");
    download("dl-csv", data.csv, "text/csv");
    download("dl-html", data.html, "text/html");
    const url = URL.createObjectURL(new Blob([data.html], { type: "text/html" }));
    urls.push(url);
    frame.src = url;
    result.hidden = false;
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!files.length) return;
    const body = new FormData();
    files.forEach((f) => body.append("file", f, f.name));
    ["year", "edition", "select", "ignore"].forEach((name) => {
      const value = $(name).value.trim();
      if (value) body.append(name, value);
    });
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "api/check?format=bundle");
    if (token.value) {
      sessionStorage.setItem("xxgk-token", token.value);
      xhr.setRequestHeader("Authorization", "Bearer " + token.value);
    }
    xhr.responseType = "json";
    xhr.upload.addEventListener("progress", (ev) => {
      if (ev.lengthComputable) {
        bar.max = ev.total;
        bar.value = ev.loaded;
        progressText.textContent = "正在上传… " + Math.round((100 * ev.loaded) / ev.total) + "%";
      }
    });
    xhr.upload.addEventListener("load", () => {
      bar.removeAttribute("value");
      progressText.textContent = "正在检查 " + files.length + " 个文件…";
    });
    xhr.addEventListener("loadend", () => {
      submit.disabled = false;
      progress.hidden = true;
      const data = xhr.response;
      if (xhr.status === 200 && data && data.json) {
        show(data);
        return;
      }
      if (xhr.status === 401) tokenRow.hidden = false;
      const message = data && data.error ? data.error.message : "检查失败（" + (xhr.status || "无法连接服务器") + "）";
      showError(message);
    });
    submit.disabled = true;
    errorBox.hidden = true;
    result.hidden = true;
    bar.removeAttribute("value");
    progressText.textContent = "正在上传…";
    progress.hidden = false;
    xhr.send(body);
  });
})();
