package io.ringlb.analysis;

import io.ringlb.analysis.experiments.BalanceSweep;
import io.ringlb.analysis.experiments.ClusterResult;
import io.ringlb.analysis.experiments.Disruption;
import io.ringlb.analysis.experiments.SetupResult;
import java.util.List;

/**
 * Everything an analysis measured, for the report.
 *
 * @param options    what was asked
 * @param setups     the experiments through a balancer, one entry per configuration (primary first)
 * @param disruption keys moved per configuration (empty when not run)
 * @param vnodes     ring peak/mean against vnodes (empty when not run)
 * @param maglev     maglev peak/mean against the table size (empty when not run)
 * @param cluster    the cluster experiment (null when not run)
 */
public record AnalysisResults(AnalysisOptions options, List<SetupResult> setups, List<Disruption.Curve> disruption,
                              List<BalanceSweep.Curve> vnodes, List<BalanceSweep.Curve> maglev, ClusterResult cluster) {

    /** Without the cluster experiment. */
    public AnalysisResults(AnalysisOptions options, List<SetupResult> setups, List<Disruption.Curve> disruption,
                           List<BalanceSweep.Curve> vnodes, List<BalanceSweep.Curve> maglev) {
        this(options, setups, disruption, vnodes, maglev, null);
    }

    public AnalysisResults {
        setups = List.copyOf(setups);
        disruption = List.copyOf(disruption);
        vnodes = List.copyOf(vnodes);
        maglev = List.copyOf(maglev);
    }

    /** The primary configuration's results, or null when no experiment used a balancer. */
    public SetupResult primary() {
        return setups.isEmpty() ? null : setups.get(0);
    }
}
