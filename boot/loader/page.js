/*
 * The page the boot loader runs in. Named once here so that the minifier shortens every use to one letter: every
 * page view pays for the boot loader's bytes.
 */
export const win = window;
export const doc = document;
