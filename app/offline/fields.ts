/** The form field that carries a page's write token (app/offline/write-token.server.ts). */
export const WRITE_TOKEN_FIELD = 'writeToken'

/** Header the enhancement script sends when it fetches a course's pages for reading offline. */
export const DOWNLOAD_HEADER = 'X-Aula-Descarga'
