// The deployments' event on the bus (events/event-map.ts). It is sent by the database itself when
// a deployment_events row commits (sql/018_deployments.sql, deployment_events_notify), so every
// daemon hears every transition — from the API, the runner, the risk gate or psql — exactly when
// it is durable, and never one that rolled back. Events are hints: the row is the truth.
import type { DeploymentActor, DeploymentStatus } from './deployment-state';

export interface DeploymentChangedEvent {
  deploymentId: number;
  ownerId: number;
  /** The deployment_events row. */
  eventId: number;
  /** null for the row written when the deployment was created. */
  from: DeploymentStatus | null;
  /** Equal to `from` when only the spec changed (an update while stopped). */
  to: DeploymentStatus;
  actor: DeploymentActor;
  /** The first 300 characters of the reason, or null. */
  reason: string | null;
  daemonId: string | null;
}

declare module '../../events/event-map' {
  interface EventMap {
    /** A deployment was created, changed status or had its spec updated (sent at commit). */
    'deployment.changed': DeploymentChangedEvent;
  }
}
