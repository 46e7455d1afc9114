// Components available to lesson authors. They are rendered to static HTML at build
// time (scripts/build-content.ts), so they must work without JavaScript: native
// <details>, a CSS-only toggle for glossary terms, plain figures.
import { useId, type ReactNode } from 'react'

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

/** An inline glossary term; its definition opens and closes in place without JavaScript. */
function Term({ def, children }: { def: string; children: ReactNode }) {
  const id = useId().replace(/[^a-zA-Z0-9-]/g, '')
  if (!def?.trim()) throw new Error('<Term>: def (the definition) is required')
  return (
    <span className="term">
      <input type="checkbox" id={`term-${id}`} className="term-toggle" />
      <label htmlFor={`term-${id}`} className="term-word" title="Ver definición">
        {children}
      </label>
      <span className="term-def" role="note">
        {def}
      </span>
    </span>
  )
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

export const mdxComponents = { Callout, Figure, Term, KeyPoints, SelfCheck }
export const componentNames = Object.keys(mdxComponents)
