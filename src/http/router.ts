/**
 * Routers share one validation hook: any malformed body, query, path or header becomes
 * 400 `validation_failed` with `errors: [{path, message}]`, never a 5xx.
 * @module
 */
import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './app-env.js'
import { documentedRoute } from './api-document.js'
import { problem } from './problem.js'

export const ERRORS_LISTED_MAX = 20

/** A router whose every route is documented for integrators ({@link documentedRoute}). */
export function createRouter(): OpenAPIHono<AppEnv> {
  const router = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (result.success) return
      const errors = result.error.issues.slice(0, ERRORS_LISTED_MAX).map((issue) => ({
        path: [result.target, ...issue.path.map(String)].join('.'),
        message: issue.message,
      }))
      return problem(c, 'validation_failed', 'The request is not valid; see errors.', { errors })
    },
  })
  const register = router.openapi
  router.openapi = ((route, handler, hook) =>
    register(documentedRoute(route), handler, hook)) as typeof router.openapi
  return router
}
