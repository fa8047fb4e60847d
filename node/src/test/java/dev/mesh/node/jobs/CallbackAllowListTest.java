package dev.mesh.node.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A task's callback goes only under an allowed URL: a submit key can't aim the node at any address on the LAN. */
class CallbackAllowListTest {
  private final CallbackAllowList allowed = CallbackAllowList.of(List.of("http://agent.local:9000/scores",
      "https://hooks.example.com/"), List.of("http://ignored.local/cb"));

  @Test
  void aUrlUnderAnEntryIsAllowedAtASegmentBoundary() {
    assertThat(allowed.allows("http://agent.local:9000/scores")).isTrue();
    assertThat(allowed.allows("http://AGENT.local:9000/scores/today?x=1")).isTrue();
    assertThat(allowed.allows("https://hooks.example.com/anything")).isTrue();
    assertThat(allowed.allows("https://hooks.example.com:443/x")).as("the default port is the port").isTrue();
  }

  @Test
  void anotherHostPortSchemePathOrAUserInfoTrickIsNot() {
    assertThat(allowed.allows("http://agent.local:9000/scoresheet")).isFalse();
    assertThat(allowed.allows("http://agent.local:9001/scores")).isFalse();
    assertThat(allowed.allows("https://agent.local:9000/scores")).isFalse();
    assertThat(allowed.allows("http://192.168.1.1/admin")).isFalse();
    assertThat(allowed.allows("http://agent.local:9000@192.168.1.1/scores")).isFalse();
    assertThat(allowed.allows("http://x y")).isFalse();
  }

  @Test
  void withNoAllowListTheHooksCallbacksAreTheListAndWithNoneNothingIsAllowed() {
    CallbackAllowList hooks = CallbackAllowList.of(List.of(), List.of("http://agent.local:9000/cb"));
    assertThat(hooks.allows("http://agent.local:9000/cb")).isTrue();
    assertThat(hooks.allows("http://agent.local:9000/other")).isFalse();
    assertThat(CallbackAllowList.of(List.of(), List.of()).allows("http://agent.local:9000/cb")).isFalse();
  }
}
