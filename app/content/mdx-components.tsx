// Components available to lesson authors. They are rendered to static HTML at build
// time (scripts/build-content.ts), so they must work without JavaScript: native
// <details> (also for glossary terms), plain figures.
import { Children, isValidElement, type ReactNode } from 'react'

const calloutTitles = { warning: 'Atención', tip: 'Consejo', fact: 'Dato clave' } as const
const calloutIcons = { warning: '⚠', tip: '💡', fact: 'ℹ' } as const
type CalloutType = keyof typeof calloutTitles

function Callout({ type = 'fact', title, children }: { type?: CalloutType; title?: string; children: ReactNode }) {
  if (!(type in calloutTitles)) throw new Error(`<Callout type="${type}">: type must be warning, tip or fact`)
  return (
    <aside className={`callout callout-${type}`} aria-label={title ?? calloutTitles[type]}>
      <p className="callout-title">
        <span aria-hidden="true">{calloutIcons[type]} </span>
        {title ?? calloutTitles[type]}
      </p>
      {children}
    </aside>
  )
}

function Figure({ src, alt, caption }: { src: string; alt: string; caption: string }) {
  if (!alt?.trim()) throw new Error(`<Figure src="${src}">: alt (text alternative) is required`)
  if (!caption?.trim()) throw new Error(`<Figure src="${src}">: caption is required`)
  return (
    <figure className="figure">
      <img src={src} alt={alt} loading="lazy" decoding="async" />
      <figcaption>{caption}</figcaption>
    </figure>
  )
}

/**
 * An inline glossary term: a native <details>, so the word is a button that screen readers
 * announce (collapsed/expanded) and the keyboard opens, with no JavaScript.
 */
function Term({ def, children }: { def: string; children: ReactNode }) {
  if (!def?.trim()) throw new Error('<Term>: def (the definition) is required')
  return (
    <details className="term">
      <summary className="term-word" title="Ver definición">
        {children}
      </summary>
      <span className="term-def" role="note">
        {def}
      </span>
    </details>
  )
}

const hasTerm = (children: ReactNode): boolean =>
  Children.toArray(children).some(
    (child) => isValidElement<{ children?: ReactNode }>(child) && (child.type === Term || hasTerm(child.props.children)),
  )

/**
 * A Markdown paragraph. The HTML parser closes a <p> when a <details> starts inside it, so a
 * paragraph with a glossary term is a <div class="para"> (styled and read aloud like a <p>).
 */
function Paragraph({ children }: { children?: ReactNode }) {
  return hasTerm(children) ? <div className="para">{children}</div> : <p>{children}</p>
}

function KeyPoints({ children, title = 'Puntos clave' }: { children: ReactNode; title?: string }) {
  return (
    <section className="key-points" aria-label={title}>
      <p className="key-points-title">{title}</p>
      {children}
    </section>
  )
}

function SelfCheck({ question, children }: { question: string; children: ReactNode }) {
  if (!question?.trim()) throw new Error('<SelfCheck>: question is required')
  return (
    <div className="self-check">
      <p className="self-check-question">
        <strong>Compruebe lo aprendido:</strong> {question}
      </p>
      <details>
        <summary>Ver la respuesta</summary>
        {children}
      </details>
    </div>
  )
}

const authorComponents = { Callout, Figure, Term, KeyPoints, SelfCheck }
/** What MDX renders with: the authors' components and our Markdown paragraph. */
export const mdxComponents = { ...authorComponents, p: Paragraph }
export const componentNames = Object.keys(authorComponents)
