/** State of one dependency as reported by the readiness check. */
export interface HealthCheckResult {
  status: 'up' | 'down';
}

/** `GET /health` and `GET /health/ready` answer with this body when healthy. */
export interface HealthResponse {
  status: 'ok';
  checks: Record<string, HealthCheckResult>;
}
