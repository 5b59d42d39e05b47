/**
 * What each place a command can be run from hands it, checked before the command acts.
 *
 * VS Code passes different arguments depending on where a command is run: nothing from the
 * command palette, a keybinding or a welcome-view link; the document's URI from the editor's
 * context menu; the file's URI (and the selected URIs) from the explorer's; the tree item
 * (and the selected items) from a view item's menu; the focused tree item, or nothing, from a
 * view's title bar. Code actions and tree items pass what we put in them. A command that
 * reads its arguments positionally without looking at them will take a URI for a tag (issue
 * 10), so every Policy Lens command matches its arguments against the shapes it accepts and
 * refuses anything else with a message that says what it got and what it takes.
 */
import * as vscode from 'vscode';
import { RULE_CODES } from '../core/analysis/rules';
import { Log } from '../adapters/log';
import type { Node } from './annotation-tree';

export type Check = (value: unknown) => boolean;
/** A shape: one check per position; `optional(...)` positions may be missing or undefined. */
export type Shape = readonly Check[];

const OPTIONAL = Symbol('optional');
type OptionalCheck = Check & { [OPTIONAL]?: true };

export function optional(check: Check): Check {
  const c: OptionalCheck = (v) => v === undefined || check(v);
  c[OPTIONAL] = true;
  return c;
}

export const isUri: Check = (v) => v instanceof vscode.Uri;
export const isText: Check = (v) => typeof v === 'string';
export const isNonEmptyText: Check = (v) => typeof v === 'string' && v.trim() !== '';
export const isRange: Check = (v) => v instanceof vscode.Range;
export const isRule: Check = (v) => typeof v === 'string' && (RULE_CODES as readonly string[]).includes(v);
/**
 * What a view's title bar passes: the focused tree item, or nothing (null when the view is gone);
 * optional, because the command palette, keybindings and welcome links pass no arguments at all.
 */
export const isFocusedOrNothing: Check = optional((v) => v === null || isTreeNode(v));

const NODE_KINDS = new Set(['document', 'tag', 'orphans', 'annotation', 'problem']);

export function isTreeNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && NODE_KINDS.has((v as { kind?: unknown }).kind as string);
}

export function isAnnotationNode(v: unknown): v is Extract<Node, { kind: 'annotation' }> {
  if (!isTreeNode(v) || v.kind !== 'annotation') return false;
  const { entry, annotation } = v as Extract<Node, { kind: 'annotation' }>;
  return entry?.docUri instanceof vscode.Uri && typeof annotation?.id === 'string';
}

export const isAnnotationItem: Check = isAnnotationNode;
/** The selected items a view passes after the clicked one. */
export const isTreeSelection: Check = (v) => Array.isArray(v) && v.every(isTreeNode);

export function isSuppression(v: unknown): boolean {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const { rule, quote, party, ...rest } = v as Record<string, unknown>;
  return isRule(rule) && (quote === undefined || typeof quote === 'string') && (party === undefined || typeof party === 'string')
    && Object.keys(rest).length === 0;
}

/** The index of the first shape `args` fits (trailing undefined ignored), or -1. */
export function matchShape(args: readonly unknown[], shapes: readonly Shape[]): number {
  let n = args.length;
  while (n > 0 && args[n - 1] === undefined) n--;
  const given = args.slice(0, n);
  return shapes.findIndex((shape) => {
    if (given.length > shape.length) return false;
    return shape.every((check, i) => (i < given.length ? check(given[i]) : (check as OptionalCheck)[OPTIONAL] === true));
  });
}

/** A short, safe description of what a command was given, for the message. */
export function describeArgs(args: readonly unknown[]): string {
  if (args.every((a) => a === undefined)) return 'no arguments';
  return args.map(describeValue).join(', ');
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (v instanceof vscode.Uri) return `the URI ${v.scheme === 'file' ? vscode.workspace.asRelativePath(v) : v.scheme + ':'}`;
  if (v instanceof vscode.Range) return 'a range';
  if (isTreeNode(v)) return `a tree item (${v.kind})`;
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 39)}…` : v)}`;
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

const refused = new vscode.EventEmitter<string>();
/** Fires with the title of each command that refused its arguments (the menus suite holds every menu to none). */
export const onDidRefuse: vscode.Event<string> = refused.event;

/**
 * Refuses an invocation: says what the command got and what it takes, logs it, changes nothing.
 * Returns undefined so handlers can `return refuse(...)`.
 */
export function refuse(log: Log, title: string, args: readonly unknown[], takes: string): undefined {
  const message = `Policy Lens: "${title}" cannot use ${describeArgs(args)}; it takes ${takes}. Nothing was changed.`;
  log.warn(message);
  refused.fire(title);
  void vscode.window.showErrorMessage(message);
  return undefined;
}
