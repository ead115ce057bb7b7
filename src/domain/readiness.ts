/** One readiness check of `GET /readyz`: `ok` and a sentence saying why. */
export interface ReadinessCheck {
  readonly ok: boolean;
  readonly detail: string;
}
