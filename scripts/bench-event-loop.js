// Preloaded by scripts/bench.ts into every server it starts (`node --import`): answers the bench's
// "how long has your event loop been busy?" (cumulative milliseconds) over the IPC channel.
// The event loop's busy time per request is what bounds a loaded server's requests per second,
// and unlike req/s it barely moves when a neighbour on the machine takes CPU.
import { performance } from 'node:perf_hooks'

process.on('message', (message) => {
  if (message === 'event-loop-active') process.send({ eventLoopActive: performance.eventLoopUtilization().active })
})
