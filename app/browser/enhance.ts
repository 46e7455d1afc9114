// The enhancement script of learner pages: plain DOM code, no framework. Everything works
// without it; it adds read-aloud, the course download, the quiz draft, the sign-in form's
// show/hide PIN and number pad, and the service worker that keeps pages and queues writes
// made with no signal.
import { enhanceDownloads } from './download.ts'
import { enhanceOffline } from './offline.ts'
import { enhanceQuizDraft } from './quiz-draft.ts'
import { enhanceReadAloud } from './read-aloud.ts'
import { enhanceSignIn } from './sign-in.ts'

enhanceReadAloud()
enhanceQuizDraft()
enhanceDownloads()
enhanceSignIn()
void enhanceOffline()
