// The server's size code lens ("final image 8.3 MB on disk, ...") is a
// label: its command is empty. In VS Code a click on it opens the full
// size report instead of doing nothing.

import { COMMANDS } from './ids';

export interface LensCommand {
  title: string;
  command: string;
  tooltip?: string;
  arguments?: unknown[];
}

export interface LensLike {
  command?: LensCommand;
}

export function clickableLenses<T extends LensLike>(lenses: T[]): T[] {
  for (const lens of lenses) {
    if (lens.command !== undefined && lens.command.command === '') {
      lens.command = {
        title: lens.command.title,
        command: COMMANDS.showSizeReport,
        tooltip: 'Show the image size report',
      };
    }
  }
  return lenses;
}
