/**
 * Tells the site owner on the console what failed. Whatever fails, nothing is released: the page keeps working and
 * every tracker stays blocked.
 */
export const fail = (message) => console.error(`consent-banner: ${message} Every tracker stays blocked.`);
