package io.queuemgr.executor.data;

import java.nio.charset.CharacterCodingException;
import java.util.List;

import jakarta.inject.Singleton;

import io.queuemgr.executor.EnumFamily;
import io.queuemgr.executor.ErrorRule;
import io.queuemgr.task.ErrorKind;

/** The codes of reading, converting and writing data files. */
public enum DataErrors implements ErrorKind {
    DATA_FILE_NOT_FOUND(About.permanent("The input file does not exist where the task looked.",
            "Check the path; it is read on the service's host", "Check that the file was written before the task ran")),
    DATA_FILE_CORRUPTED(About.permanent("The file is damaged (truncated, a bad checksum, an unreadable archive).",
            "Produce the file again", "Compare its checksum with the source's")),
    DATA_FORMAT_INVALID(About.permanent("The file is not in the format the task names.",
            "Check the format parameter against the file's content", "Look at the first lines of the file")),
    DATA_SIZE_TOO_LARGE(About.permanent("The input or output is larger than the task allows.", "Split the input",
            "Raise the task's size limit")),
    DATA_ENCODING_ERROR(
            About.permanent("The file is not valid in its character encoding (UTF-8 unless the task says otherwise).",
                    "Convert it with iconv", "Name the encoding in the task")),
    DATA_PARSING_FAILED(About.permanent("A record of the file could not be parsed.",
            "Read the line number in the error's context", "Fix or remove that record")),
    DATA_OUTPUT_EXISTS(About.permanent("The output file already exists and the task may not replace it.",
            "Choose another output path", "Set overwrite to true to replace the file")),
    DATA_WRITE_FAILED(About.transientFailure("The output could not be written (disk full, no permission).",
            "Check free space with df -h on the output's disk", "Check that the service may write the folder")),
    DATA_SUBMISSION_FAILED(About.transientFailure(
            "An import could not hand a line to the service (Kafka did not answer in time); lines before it were "
                    + "submitted and are in the result.",
            "Check the service's health and Kafka", "Retry the import: lines already submitted are not repeated")),
    DATA_SOURCE_UNAVAILABLE(About.transientFailure(
            "The tasks to export could not be read: PostgreSQL, which keeps the task history, did not answer.",
            "Check that PostgreSQL is up and reachable from the service (GET /q/health)",
            "The task is retried; no half-written file is left behind"));

    private final About about;

    DataErrors(About about) {
        this.about = about;
    }

    @Override
    public About about() {
        return about;
    }

    /** The family's part of the catalogue. */
    @Singleton
    static class Family extends EnumFamily<DataErrors> {

        Family() {
            super("data", DataErrors.class);
        }

        @Override
        public List<ErrorRule> rules() {
            return List.of(ErrorRule.on(CharacterCodingException.class, DATA_ENCODING_ERROR));
        }
    }
}
