/** How the command line names files in its reports: relative to the working folder when inside it, with forward slashes. */
import * as path from 'path';

export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return (relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file).split(path.sep).join('/');
}
