/**
 * The routing benchmark on real node processes: the same burst of tasks entered at one node under the router and
 * under the baselines (round-robin, least-busy), against the best makespan the measured speeds allow.
 */
package dev.mesh.bench.placement;
