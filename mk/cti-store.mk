# cti-store chart draws with cairo (libcairo2-dev): only cti-store links it,
# only its chart objects see its headers.
$(BUILD)/bin/cti-store: PUB_LDFLAGS += $(shell pkg-config --libs cairo)
$(BUILD)/obj/utils/cti-store/chart_draw.o: CFLAGS += $(shell pkg-config --cflags cairo)
# The chart suite reads the PNG back with cairo.
$(BUILD)/asan/tests/integration/store_chart/%.o: CFLAGS += $(shell pkg-config --cflags cairo)
$(BUILD)/tests/integration/store_chart: LDFLAGS += $(shell pkg-config --libs cairo)
$(BUILD)/tests/integration/store_chart: $(BUILD)/bin/cti-store
