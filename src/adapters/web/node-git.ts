/** Browser stand-in for `../node-git.ts`: a web worker cannot run git; every call answers "unavailable". */
import type * as node from '../node-git';

export const runGit: typeof node.runGit = async () => undefined;
export const gitUserName: typeof node.gitUserName = async () => undefined;
export const gitTopLevel: typeof node.gitTopLevel = async () => undefined;
export const gitResolve: typeof node.gitResolve = async () => undefined;
export const gitListFiles: typeof node.gitListFiles = async () => undefined;
export const gitListBlobs: typeof node.gitListBlobs = async () => undefined;
export const gitReadFiles: typeof node.gitReadFiles = async () => undefined;
export const gitMergeFile: typeof node.gitMergeFile = async () => false;
export const gitConfigSet: typeof node.gitConfigSet = async () => false;
export const gitConfigGet: typeof node.gitConfigGet = async () => undefined;
export const localPath: typeof node.localPath = () => '';
