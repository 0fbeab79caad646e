package dev.nnc.maven;

import java.io.File;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.codehaus.plexus.util.DirectoryScanner;
import org.codehaus.plexus.util.Scanner;
import org.sonatype.plexus.build.incremental.BuildContext;

/** A build context as an IDE would give: it records the markers and refreshes instead of logging them. */
final class RecordingBuildContext implements BuildContext {

    record Message(File file, int line, int column, String message, int severity) {
    }

    final List<Message> messages = new ArrayList<>();
    final List<File> removed = new ArrayList<>();
    final List<File> refreshed = new ArrayList<>();
    private final Map<String, Object> values = new HashMap<>();

    @Override
    public boolean hasDelta(String relpath) {
        return true;
    }

    @Override
    public boolean hasDelta(File file) {
        return true;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean hasDelta(List relpaths) {
        return true;
    }

    @Override
    public void refresh(File file) {
        refreshed.add(file);
    }

    @Override
    public OutputStream newFileOutputStream(File file) throws java.io.IOException {
        return new FileOutputStream(file);
    }

    @Override
    public Scanner newScanner(File basedir) {
        return newScanner(basedir, true);
    }

    @Override
    public Scanner newDeleteScanner(File basedir) {
        return newScanner(basedir, true);
    }

    @Override
    public Scanner newScanner(File basedir, boolean ignoreDelta) {
        DirectoryScanner s = new DirectoryScanner();
        s.setBasedir(basedir);
        return s;
    }

    @Override
    public boolean isIncremental() {
        return false;
    }

    @Override
    public void setValue(String key, Object value) {
        values.put(key, value);
    }

    @Override
    public Object getValue(String key) {
        return values.get(key);
    }

    @Override
    @Deprecated
    public void addWarning(File file, int line, int column, String message, Throwable cause) {
        addMessage(file, line, column, message, SEVERITY_WARNING, cause);
    }

    @Override
    @Deprecated
    public void addError(File file, int line, int column, String message, Throwable cause) {
        addMessage(file, line, column, message, SEVERITY_ERROR, cause);
    }

    @Override
    public void addMessage(File file, int line, int column, String message, int severity, Throwable cause) {
        messages.add(new Message(file, line, column, message, severity));
    }

    @Override
    public void removeMessages(File file) {
        removed.add(file);
    }

    @Override
    public boolean isUptodate(File target, File source) {
        return false;
    }
}
