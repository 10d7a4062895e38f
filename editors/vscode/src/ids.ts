// Identifiers shared by package.json and the code; a test checks that the
// manifest declares exactly these commands.

export const COMMANDS = {
  restartServer: 'docklens.restartServer',
  showSizeReport: 'docklens.showSizeReport',
  showServerLog: 'docklens.showServerLog',
} as const;

/** Where the "Install instructions" button leads. */
export const INSTALL_URL = 'https://github.com/docklens/docklens#install-the-server';

export const LANGUAGE_ID = 'dockerfile';
