package io.jasyncio.internal.trace;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.FlightRecorderListener;
import jdk.jfr.Recording;
import jdk.jfr.RecordingState;

/** Keeps {@link JfrSwitch} current as recordings start and stop. Needs {@code jdk.jfr}. */
final class JfrListener implements FlightRecorderListener {
    private JfrListener() {}

    /** Adds the listener if JFR is up or {@code forced}; true if added, or if JFR cannot work here. */
    static boolean installIfWanted(boolean forced) {
        try {
            if (forced || FlightRecorder.isInitialized()) {
                FlightRecorder.addListener(new JfrListener());
                return true;
            }
            return false;
        } catch (SecurityException | IllegalStateException | LinkageError e) {
            return true; // JFR unavailable: loops simply never publish
        }
    }

    @Override
    public void recorderInitialized(FlightRecorder recorder) {
        refresh(recorder);
    }

    @Override
    public void recordingStateChanged(Recording recording) {
        refresh(FlightRecorder.getFlightRecorder());
    }

    private static void refresh(FlightRecorder recorder) {
        boolean running = false;
        for (Recording r : recorder.getRecordings()) {
            if (r.getState() == RecordingState.RUNNING) {
                running = true;
                break;
            }
        }
        JfrSwitch.set(
                running && EventType.getEventType(JfrSink.TaskStepEvent.class).isEnabled());
    }
}
