#!/usr/bin/env node
"use strict";

// action/src/main.ts
var import_node_child_process = require("node:child_process");
var import_node_fs = require("node:fs");
var import_node_path = require("node:path");

// server/src/core/words.ts
function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

// server/src/cli/github.ts
var ANNOTATION_KIND = { error: "error", warning: "warning", info: "notice", hint: "notice" };
function escapeData(text) {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}
function escapeProperty(text) {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
function workflowCommand(kind, properties, message) {
  const props = Object.entries(properties).filter((entry) => entry[1] !== void 0).map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",");
  return `::${kind}${props ? ` ${props}` : ""}::${escapeData(message)}`;
}
function annotation(f) {
  return workflowCommand(
    ANNOTATION_KIND[f.severity],
    { file: f.file, line: f.line, endLine: f.endLine, col: f.column, endColumn: f.endColumn, title: `aar ${f.rule}` },
    f.message
  );
}

// action/src/main.ts
var SEVERITIES = ["error", "warning", "info", "hint"];
var FAIL_ON = [...SEVERITIES, "never"];
var REVIEWS_DUE = ["off", "warn", "fail"];
var SUMMARY_ROWS = 100;
var InputError = class extends Error {
};
function input(name) {
  return (process.env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] ?? "").trim();
}
function oneOf(name, allowed, fallback) {
  const value = input(name) || fallback;
  if (!allowed.includes(value)) throw new InputError(`Input ${name} must be ${allowed.join(", ")}, not "${value}".`);
  return value;
}
function aar(args, cwd) {
  const run2 = (0, import_node_child_process.spawnSync)(process.execPath, [(0, import_node_path.join)(__dirname, "cli.js"), ...args], {
    cwd,
    encoding: "utf8",
    // The JSON of a large repository's findings runs to megabytes.
    maxBuffer: 1024 ** 3,
    env: { ...process.env, NO_COLOR: "1" }
  });
  if (run2.error) throw run2.error;
  process.stderr.write(run2.stderr);
  return { status: run2.status ?? 2, stdout: run2.stdout, stderr: run2.stderr };
}
function failed(message) {
  process.stdout.write(`${workflowCommand("error", {}, message)}
`);
  process.exitCode = 1;
}
function setOutputs(outputs) {
  const file = process.env.GITHUB_OUTPUT;
  if (!file) return;
  (0, import_node_fs.appendFileSync)(file, Object.entries(outputs).map(([name, value]) => `${name}=${value}
`).join(""));
}
function cell(text) {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\s*\r?\n\s*/g, " ");
}
function where(f) {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = process.env;
  const text = `${cell(f.file)}:${f.line}`;
  if (!server || !repository || !sha) return text;
  return `[${text}](${server}/${repository}/blob/${sha}/${f.file.split("/").map(encodeURIComponent).join("/")}#L${f.line})`;
}
function countsText(counts) {
  const parts = [plural(counts.error, "error"), plural(counts.warning, "warning"), plural(counts.info, "info")];
  if (counts.hint) parts.push(plural(counts.hint, "hint"));
  return parts.join(", ");
}
function lintSummary(findings, counts) {
  if (!findings.length) return "### After Action Reports: no problems\n\n";
  const rows = findings.slice(0, SUMMARY_ROWS).map((f) => `| ${where(f)} | ${f.severity} | ${cell(f.message)} | \`${f.rule}\` |`).join("\n");
  const more = findings.length > SUMMARY_ROWS ? `

\u2026and ${findings.length - SUMMARY_ROWS} more: the log and \`aar lint\` list them all.` : "";
  return `### After Action Reports: ${countsText(counts)}

| Where | Severity | Problem | Rule |
| --- | --- | --- | --- |
${rows}${more}

`;
}
function dueSummary(due) {
  if (!due.length) return "### Releases awaiting a review: none\n\nEvery release tag that the team's triggers name has a report.\n\n";
  const rows = due.map((d) => `| ${cell(d.tag)} | ${d.date?.slice(0, 10) ?? ""} | ${cell(d.trigger)} |`).join("\n");
  const first = due[0];
  return `### Releases awaiting a review: ${due.length}

| Tag | Tagged | Trigger |
| --- | --- | --- |
${rows}

Start one with \`aar new "Release ${first.tag}" --milestone ${first.tag}\`.

`;
}
function run() {
  const failOn = oneOf("fail-on", FAIL_ON, "error");
  const reviewsDue = oneOf("reviews-due", REVIEWS_DUE, "off");
  const today = input("today");
  const config = input("config");
  const sarifFile = input("sarif-file");
  const paths = input("paths").split(/\r?\n/).map((p) => p.trim()).filter(Boolean);
  const workspace = process.env.GITHUB_WORKSPACE ?? process.cwd();
  const reading = [...config ? ["--config", config] : [], ...today ? ["--today", today] : []];
  const targets = ["--", ...paths.length ? paths : ["."]];
  const sarifPath = sarifFile ? (0, import_node_path.resolve)(workspace, sarifFile) : void 0;
  const lint = aar(["lint", "--format", "json", ...sarifPath ? ["--sarif-file", sarifPath] : [], ...reading, ...targets], workspace);
  if (lint.status > 1) return failed(`aar lint could not check the reports: ${lint.stderr.trim().split("\n")[0] || `exit status ${lint.status}`}`);
  const findings = JSON.parse(lint.stdout);
  const counts = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const f of findings) {
    counts[f.severity]++;
    process.stdout.write(`${annotation(f)}
`);
  }
  process.stdout.write(findings.length ? `aar lint: ${countsText(counts)}.
` : "aar lint: no problems.\n");
  let summary = lintSummary(findings, counts);
  const outputs = { errors: counts.error, warnings: counts.warning, infos: counts.info, hints: counts.hint, problems: findings.length };
  if (sarifPath) outputs["sarif-file"] = sarifPath;
  let due = [];
  if (reviewsDue !== "off") {
    const listed = aar(["reviews", "--due", "--format", "json", ...reading, ...targets], workspace);
    if (listed.status > 1) {
      const why = `aar reviews --due could not read the releases: ${listed.stderr.trim().split("\n")[0]}`;
      if (reviewsDue === "fail") failed(why);
      else process.stdout.write(`${workflowCommand("warning", {}, why)}
`);
    } else {
      due = JSON.parse(listed.stdout);
      for (const d of due) {
        const message = `Release ${d.tag} awaits its After Action Review: no report names it as its milestone (trigger ${d.trigger}, tags ${d.pattern}).`;
        process.stdout.write(`${workflowCommand(reviewsDue === "fail" ? "error" : "warning", { title: "aar reviews --due" }, message)}
`);
      }
      outputs["releases-due"] = JSON.stringify(due.map((d) => d.tag));
      summary += dueSummary(due);
    }
  }
  if (process.env.GITHUB_STEP_SUMMARY) (0, import_node_fs.appendFileSync)(process.env.GITHUB_STEP_SUMMARY, summary);
  setOutputs(outputs);
  const worst = failOn === "never" ? [] : SEVERITIES.slice(0, SEVERITIES.indexOf(failOn) + 1).filter((s) => counts[s] > 0);
  if (worst.length) failed(`aar lint found ${worst.map((s) => plural(counts[s], s)).join(", ")} (fail-on: ${failOn}).`);
  if (reviewsDue === "fail" && due.length) failed(`${plural(due.length, "release")} ${due.length === 1 ? "awaits its" : "await their"} After Action Review (reviews-due: fail).`);
}
try {
  run();
} catch (e) {
  failed(e instanceof InputError ? e.message : `The After Action Reports action stopped: ${e.stack ?? e}`);
}
