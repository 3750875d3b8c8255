# DSP/IVR area (issue 5).
# cti-dtmf reads and writes audio files through libsndfile directly.
$(BUILD)/bin/cti-dtmf: LDFLAGS += -lsndfile
