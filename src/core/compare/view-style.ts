/** The comparison view's styles: theme colours only (CSS variables), readable in light, dark and high contrast. */
export const COMPARE_STYLE = `
body { font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 12px 12px; }
.toolbar { display: flex; flex-wrap: wrap; gap: 6px 16px; align-items: center; padding: 8px 0; position: sticky; top: 0; background: var(--vscode-editor-background); z-index: 3; }
select, input[type=search] { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, var(--vscode-contrastBorder, transparent)); padding: 2px 4px; font: inherit; }
button { background: var(--vscode-button-secondaryBackground, var(--vscode-button-background)); color: var(--vscode-button-secondaryForeground, var(--vscode-button-foreground)); border: 1px solid var(--vscode-button-border, transparent); padding: 2px 8px; font: inherit; cursor: pointer; }
button:disabled { opacity: 0.5; cursor: default; }
button.link { background: none; border: none; color: var(--vscode-textLink-foreground); padding: 0; text-align: left; }
button.link:hover { text-decoration: underline; }
button.icon { background: none; border: 1px solid transparent; color: inherit; padding: 0 3px; }
:focus-visible, td:focus, th:focus { outline: 2px solid var(--vscode-focusBorder); outline-offset: -2px; }
.legend { opacity: 0.85; margin: 0 0 8px; }
.scroller { overflow: auto; max-height: calc(100vh - 110px); }
table { border-collapse: separate; border-spacing: 0; font-variant-numeric: tabular-nums; }
th, td { border-right: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border)); border-bottom: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border)); padding: 2px 6px; white-space: nowrap; }
thead th { position: sticky; top: 0; background: var(--vscode-editor-background); z-index: 2; vertical-align: bottom; text-align: left; font-weight: 600; }
tbody th { position: sticky; left: 0; background: var(--vscode-editor-background); z-index: 1; text-align: left; font-weight: normal; }
thead th.corner { left: 0; z-index: 3; }
thead th:not(.corner):not(.spacer) { min-width: 7em; max-width: 11em; white-space: normal; }
thead th button.link { overflow-wrap: anywhere; }
button.pin { opacity: 0.55; }
tr.pinned button.pin, button.pin:hover, button.pin:focus-visible { opacity: 1; }
.date, .words { display: block; font-weight: normal; opacity: 0.8; font-size: 0.9em; }
td.count { text-align: right; cursor: pointer; min-width: 3.5em; }
td.count.heat { background: color-mix(in srgb, var(--vscode-charts-blue) calc(var(--heat) * 55%), transparent); }
td.count.absent { color: var(--vscode-errorForeground); font-weight: 600; background: color-mix(in srgb, var(--vscode-errorForeground) 8%, transparent); }
td.count.na { text-align: center; opacity: 0.7; font-style: italic; cursor: default; }
tr.pinned th { font-weight: 600; }
tr.pinned td, tr.pinned th { border-bottom-color: var(--vscode-focusBorder); }
tr.term th .label { font-style: italic; }
.kind { opacity: 0.75; font-size: 0.85em; margin-left: 4px; }
.expected { font-size: 0.85em; opacity: 0.85; margin-left: 4px; }
td.trend svg { display: block; }
td.trend polyline { fill: none; stroke: var(--vscode-charts-blue); stroke-width: 1.5; }
td.trend circle { fill: var(--vscode-charts-blue); }
td.spacer, th.spacer { padding: 0; border: none; }
table.fixed td.count { width: 72px; min-width: 72px; max-width: 72px; overflow: hidden; }
table.fixed thead th:not(.corner):not(.spacer) { width: 72px; min-width: 72px; max-width: 72px; overflow: hidden; text-overflow: ellipsis; }
.absent-sample { color: var(--vscode-errorForeground); font-weight: 600; }
body.vscode-high-contrast td.count.heat, body.vscode-high-contrast-light td.count.heat { background: none; font-weight: calc(400 + var(--heat) * 400); text-decoration: underline; text-decoration-thickness: calc(var(--heat) * 3px + 0.1px); }
body.vscode-high-contrast td.count.absent, body.vscode-high-contrast-light td.count.absent { background: none; outline: 1px dashed var(--vscode-contrastBorder); outline-offset: -3px; }
`;
