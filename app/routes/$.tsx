// Unknown addresses render the app's 404 page inside the normal layout.
export async function loader() {
  throw new Response('Not found', { status: 404 })
}

export default function NotFound() {
  return null
}
