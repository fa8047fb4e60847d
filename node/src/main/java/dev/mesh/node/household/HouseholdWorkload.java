package dev.mesh.node.household;

import dev.mesh.protocol.json.TaskCodec;
import dev.mesh.protocol.task.Requirements;
import dev.mesh.protocol.task.Scoring;
import dev.mesh.protocol.task.TaskParams;
import dev.mesh.protocol.task.TaskRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The seed workload of the household: score 40 research items (0-10, held to the range), flag 8 log lines as
 * normal or anomalous (held to the two labels), embed 20 notes, write two short drafts on the heavy tier; and,
 * apart from it, short editorial drafts on a tier only the cloud serves. Public because the routing benchmark
 * measures policies on exactly the seed workload.
 */
public final class HouseholdWorkload {
  static final int DRAFT_MAX_TOKENS = 96;
  /** The tier the drafts ask for: the stack's bigger model writes them. */
  public static final String DRAFT_TIER = "heavy";
  /** The tier the editorial drafts ask for: no household model has it, only the cloud the Mac mini calls. */
  public static final String CLOUD_TIER = "editorial";
  static final int EDITORIAL_MAX_TOKENS = 24;
  private static final List<String> LOG_LABELS = List.of("normal", "anomalous");
  private static final Scoring RELEVANCE = new Scoring(0, 10,
      "relevance to running language models on the computers of one household", false);
  private static final List<String> LOG_LINES = List.of(
      "backup: nightly snapshot of /home completed in 14 min",
      "sshd: 412 failed password attempts for root from 203.0.113.7",
      "smartd: /dev/sda reallocated sector count rose from 0 to 88",
      "cron: weather fetch finished",
      "kernel: Out of memory: killed process 2211 (java)",
      "dhcp: lease renewed for tv.lan",
      "nginx: 5 requests to /wp-login.php from an unknown host",
      "ups: on battery for 3 s, back on mains");
  private static final List<String> RESEARCH_ITEMS = List.of(
      "Speculative decoding with draft models on commodity CPUs",
      "Quantization-aware fine-tuning of small language models",
      "A survey of retrieval-augmented generation for personal archives",
      "Energy cost of transformer inference on ARM single-board computers",
      "Scheduling heterogeneous devices for low-latency inference",
      "KV-cache compression for long-context decoding",
      "Federated learning with intermittently connected home devices",
      "Distilling sentence embeddings into sub-100M parameter encoders",
      "Failure detection in gossip-based cluster membership",
      "Estimating completion time for batch jobs on shared clusters",
      "Mixture-of-experts routing under tight memory budgets",
      "Benchmarking llama.cpp across x86 and ARM instruction sets",
      "Zero-shot text classification with instruction-tuned models",
      "Privacy-preserving document search on a home network",
      "Work stealing for irregular inference workloads",
      "Tokenizer-free byte-level language models revisited",
      "Power-aware task placement in edge computing",
      "Grouped-query attention and its effect on throughput",
      "Idempotent task queues for unreliable networks",
      "Measuring memory footprint of GGUF models at inference time",
      "The medieval wool trade in Flanders",
      "Soil microbiome diversity in temperate grasslands",
      "Prompt compression for on-device assistants",
      "Paged attention for serving many small requests",
      "A comparison of consensus protocols for small clusters",
      "Embedding drift in continually updated note collections",
      "Thermal throttling of passively cooled ARM boards under sustained load",
      "Reading comprehension benchmarks for sub-billion-parameter models",
      "Baroque ornamentation in eighteenth-century harpsichord music",
      "Early-exit decoding for latency-sensitive generation",
      "Caching embeddings for incremental semantic search",
      "Routing queries between local and cloud language models",
      "Pollination networks of alpine wildflowers",
      "Structured output generation with grammar-constrained decoding",
      "Checkpointing long-running inference across machine restarts",
      "Matrix multiplication kernels without AVX: a study on older CPUs",
      "Evaluating summarization quality without reference texts",
      "Offline-first synchronization for shared family folders",
      "Tidal energy potential of the Bay of Fundy",
      "Batching strategies for embedding throughput on small machines");
  private static final List<String> NOTES = List.of(
      "Tomatoes on the south bed need staking before the weekend.",
      "Router firmware update pending; reboot after midnight.",
      "Book the boiler service for late October.",
      "Idea: index the scanned receipts by shop and month.",
      "The Pi's SD card is at 71% after the photo import.",
      "Call the dentist about moving Thursday's appointment.",
      "Read the paper on KV-cache compression before Friday's call.",
      "The iMac fan is loud again; clean the vents.",
      "Recipe: lentil soup with smoked paprika and lemon.",
      "Renew the domain name before it lapses in March.",
      "Back up the family photos to the external disk monthly.",
      "The Mac mini drafts reports twice as fast as the laptop.",
      "Question for the meeting: who owns the shared calendar?",
      "Garden shed roof leaks at the back left corner.",
      "Try summarizing the week's bookmarks every Sunday night.",
      "Library books due on the 14th: two novels and a field guide.",
      "Measure how long the nightly scoring job takes on the Pi.",
      "School trip form signed; payment still to send.",
      "Ideas for the holiday: coastal path, two nights, trains only.",
      "Replace the hallway bulb with a warm-white LED.");
  private static final List<String> DRAFTS = List.of(
      "Write a short weekly digest of the most relevant research items scored tonight.",
      "Draft a brief note to the family about this month's backup and storage status.");

  private static final List<String> EDITORIALS = List.of(
      "Polish the opening paragraph of this month's family newsletter.",
      "Rewrite the backup status note in a friendlier tone.",
      "Turn the holiday plan into a one-paragraph invitation.",
      "Tighten the research digest's introduction to three sentences.",
      "Make the boiler-service reminder a short, polite email.",
      "Proofread the school trip note for the class group chat.",
      "Write a headline for this week's household digest.",
      "Rephrase the router firmware notice for readers who are not technical.",
      "Draft a thank-you note to the neighbours for watering the tomatoes.");

  private HouseholdWorkload() {}

  /** The tasks, in the order they are submitted. */
  public static List<TaskRequest> tasks() {
    List<TaskRequest> tasks = new ArrayList<>();
    RESEARCH_ITEMS.forEach(title -> tasks.add(TaskRequest.score("Research item: " + title, RELEVANCE)));
    LOG_LINES.forEach(line -> tasks.add(TaskRequest.classify(line, LOG_LABELS)));
    NOTES.forEach(note -> tasks.add(TaskRequest.embed(note)));
    TaskParams draft = new TaskParams(null, DRAFT_MAX_TOKENS, null, null, null);
    Requirements heavy = new Requirements(null, null, null, false, null, false, DRAFT_TIER);
    DRAFTS.forEach(prompt -> tasks.add(TaskRequest.generate(prompt).withParams(draft).withRequirements(heavy)));
    return tasks;
  }

  /** The request bodies, in the order they are submitted. */
  public static List<String> requests() {
    return tasks().stream().map(TaskCodec::encode).toList();
  }

  /** Short editorial drafts (generate, tier {@link #CLOUD_TIER}): the demo sends them one at a time. */
  public static List<String> editorialRequests() {
    TaskParams brief = new TaskParams(null, EDITORIAL_MAX_TOKENS, null, null, null);
    Requirements editorial = new Requirements(null, null, null, false, null, false, CLOUD_TIER);
    return EDITORIALS.stream()
        .map(prompt -> TaskCodec.encode(TaskRequest.generate(prompt).withParams(brief).withRequirements(editorial)))
        .toList();
  }
}
