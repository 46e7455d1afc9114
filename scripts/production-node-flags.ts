import { readFileSync } from 'node:fs'

/** The Node flags `npm start` runs the server with (V8 memory limits): benches start it the same way. */
export const productionNodeFlags: string[] = /node ((?:--\S+ )*)server\/index\.js/
  .exec(JSON.parse(readFileSync('package.json', 'utf8')).scripts.start)![1]
  .trim()
  .split(' ')
