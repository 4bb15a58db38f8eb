import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The cluster's members. A node renews `leaseExpiresAt` by heartbeat; one whose lease lapsed is out
 * of the ring. Times are the database's clock, so nodes with skewed clocks still agree.
 */
export const clusterNodes = pgTable(
  'cluster_nodes',
  {
    nodeId: text().primaryKey(),
    url: text().notNull(),
    startedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    renewedAt: timestamp({ withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    leaseExpiresAt: timestamp({ withTimezone: true, mode: 'date' }).notNull(),
    /** Live show actors on the node at its last heartbeat. */
    liveShows: integer().notNull().default(0),
  },
  (t) => [index('cluster_nodes_lease_idx').on(t.leaseExpiresAt)],
);

export type ClusterNodeRow = typeof clusterNodes.$inferSelect;
