package org.vigil.cli;
